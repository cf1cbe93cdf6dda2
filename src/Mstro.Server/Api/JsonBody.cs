using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Mstro.Server.Errors;

namespace Mstro.Server.Api;

/// <summary>Reads a JSON request body by hand, after authentication (the route filters run first): bounded by the
/// body cap, and every failure a 4xx with a message that says what and where, never a 500.</summary>
internal static class JsonBody
{
    private const int ChunkBytes = 16 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> typeInfo, long limit, CancellationToken cancellationToken) where T : class
    {
        if (!IsJson(request.ContentType)) return (null, ApiResults.UnsupportedMediaType());
        if (request.ContentLength > limit) return (null, ApiResults.PayloadTooLarge(limit));

        var read = await ReadBoundedAsync(request.Body, request.ContentLength, limit, cancellationToken);
        if (read is not { } bytes) return (null, ApiResults.PayloadTooLarge(limit));
        if (bytes.Length == 0) return (null, ApiResults.BadRequest("the request body is empty: expected a JSON object"));

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(bytes.Span, typeInfo);
        }
        catch (JsonException e)
        {
            return (null, ApiResults.BadRequest(Describe(e)));
        }
        return value is null
            ? (null, ApiResults.BadRequest("the request body is null: expected a JSON object"))
            : (value, null);
    }

    /// <summary>"invalid JSON at verdict.decision (line 1, byte 57)": the position, and the field when there is one.</summary>
    internal static string Describe(JsonException e)
    {
        var path = e.Path is null or "$" ? null : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
        var where = path is null ? "" : $" at field \"{path}\"";
        var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        return $"the request body is not valid JSON, or a field has the wrong type{where}{position}";
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(Stream body, long? length, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)Math.Min(length ?? ChunkBytes, limit));
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
