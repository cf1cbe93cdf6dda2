using System.Text.Json;

namespace Mstro.Protocol.Runtime;

/// <summary>Reads the runtime file with one small read, for processes that must stay fast (<c>mstro hook</c>).</summary>
public static class RuntimeFile
{
    /// <summary>A real runtime file is ~200 bytes; anything longer is not ours.</summary>
    public const int MaxFileBytes = 4096;

    public const int MaxTokenLength = 256;

    /// <summary>The runtime info when the file exists, parses and its fields are usable; null otherwise, with the
    /// reason in <paramref name="problem"/> (null when the file simply does not exist). Never throws for a bad file.</summary>
    public static RuntimeInfo? TryRead(string path, out string? problem)
    {
        problem = null;
        // Without a server there is no file: say so without a thrown FileNotFoundException (this runs in every hook call).
        if (Mstro.Bouncer.AbsentPath.IsCertain(path)) return null;
        byte[] buffer = new byte[MaxFileBytes + 1];
        int length;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0, FileOptions.None);
            length = ReadUpTo(file, buffer);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read {path}: {e.Message}";
            return null;
        }

        if (length > MaxFileBytes)
        {
            problem = $"{path} is larger than {MaxFileBytes} bytes";
            return null;
        }
        return Parse(buffer.AsSpan(0, length), path, out problem);
    }

    /// <summary>Parses a runtime file as <see cref="ProtocolJsonContext"/> reads a <see cref="RuntimeInfo"/> (a test compares
    /// the two): by hand, because the serializer's first use configures its metadata, a millisecond of a hook call.</summary>
    public static RuntimeInfo? Parse(ReadOnlySpan<byte> utf8Json, string source, out string? problem)
    {
        RuntimeInfo? info;
        try
        {
            info = Read(utf8Json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            problem = $"{source} is not a valid runtime file ({e.Message})";
            return null;
        }
        if (info is null)
        {
            problem = $"{source} is empty";
            return null;
        }
        problem = info.Validate() is { } invalid ? $"{source}: {invalid}" : null;
        return problem is null ? info : null;
    }

    /// <summary>The file's object, or null for a JSON null; throws for anything else that is not a complete one.</summary>
    private static RuntimeInfo? Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read()) throw new JsonException("no JSON value");
        if (reader.TokenType == JsonTokenType.Null) return End(ref reader, null);
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("not an object");
        string? address = null, token = null, socket = null;
        int? port = null, pid = null;
        DateTimeOffset? startedAt = null;
        long? decisionTimeoutMs = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A repeated field keeps its last value, as the serializer reads it; unknown fields are skipped.
            if (reader.ValueTextEquals("address"u8)) address = Next(ref reader).GetString() ?? throw Null("address");
            else if (reader.ValueTextEquals("port"u8)) port = Next(ref reader).GetInt32();
            else if (reader.ValueTextEquals("pid"u8)) pid = Next(ref reader).GetInt32();
            else if (reader.ValueTextEquals("token"u8)) token = Next(ref reader).GetString() ?? throw Null("token");
            else if (reader.ValueTextEquals("startedAt"u8)) startedAt = Next(ref reader).GetDateTimeOffset();
            else if (reader.ValueTextEquals("decisionTimeoutMs"u8))
                decisionTimeoutMs = Next(ref reader).TokenType == JsonTokenType.Null ? null : reader.GetInt64();
            else if (reader.ValueTextEquals("socket"u8))
                socket = Next(ref reader).TokenType == JsonTokenType.Null ? null : reader.GetString();
            else if (!reader.Read() || !reader.TrySkip()) throw new JsonException("incomplete");
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("incomplete");
        if (address is null || port is null || pid is null || token is null || startedAt is null)
            throw new JsonException("a field is missing");
        return End(ref reader, new RuntimeInfo(address, port.Value, pid.Value, token, startedAt.Value, decisionTimeoutMs, socket));
    }

    private static ref Utf8JsonReader Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("incomplete");
        return ref reader;
    }

    private static RuntimeInfo? End(ref Utf8JsonReader reader, RuntimeInfo? info) =>
        reader.Read() ? throw new JsonException("more than one JSON value") : info;

    private static JsonException Null(string field) => new($"\"{field}\" is null");

    private static int ReadUpTo(FileStream file, byte[] buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = file.Read(buffer, total, buffer.Length - total)) > 0)
            total += read;
        return total;
    }
}
