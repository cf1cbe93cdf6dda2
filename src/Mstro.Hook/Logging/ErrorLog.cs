using Mstro.Bouncer.Redaction;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mstro.Hook.Audit;

namespace Mstro.Hook.Logging;

/// <summary>mstro hook's own error log (<c>~/.mstro/logs/hook-errors.log</c>): one JSON line per error, under the id
/// the answer to Claude Code showed. When the log cannot be written, the line goes to stderr (Claude Code keeps a
/// hook's stderr in its debug log), so an error is never lost silently.</summary>
public sealed class ErrorLog
{
    /// <summary>Bounds an entry (a stack trace can be long); whole entries still go out in one write.</summary>
    public const int MaxDetailChars = 16 * 1024;

    private readonly Func<string?> _path;
    private readonly Stream _stderr;
    private readonly TimeProvider _clock;

    /// <param name="path">Resolves the log's path; null or a throw means "no usable path" (stderr only).</param>
    /// <param name="stderr">The fallback.</param>
    /// <param name="clock">For the entry's time.</param>
    public ErrorLog(Func<string?> path, Stream stderr, TimeProvider clock)
    {
        _path = path;
        _stderr = stderr;
        _clock = clock;
    }

    /// <summary>Records an error. Never throws.</summary>
    /// <param name="errorId">The id shown to the person.</param>
    /// <param name="kind">What failed: <c>bad-payload</c>, <c>internal</c>, <c>rules-file</c>, <c>audit-log</c>, <c>output</c>, <c>bridge</c>.</param>
    /// <param name="message">One line (secrets are redacted).</param>
    /// <param name="exception">The full exception, when there is one.</param>
    /// <param name="context">Extra fields (session, tool, a redacted payload excerpt...).</param>
    public void Write(string errorId, string kind, string message, Exception? exception = null,
        IReadOnlyList<KeyValuePair<string, string?>>? context = null)
    {
        byte[] line;
        try
        {
            line = Format(errorId, kind, message, exception, context);
        }
#pragma warning disable CA1031 // Formatting an error must not throw out of the error path.
        catch (Exception formatting)
#pragma warning restore CA1031
        {
            line = System.Text.Encoding.UTF8.GetBytes($"mstro: error {errorId} ({kind}) could not be formatted: {formatting.GetType().Name}\n");
        }

        string? failure = null;
        try
        {
            var path = _path();
            if (path is null) failure = "no error log path (HOME unset?)";
            else AppendOnlyFile.Append(path, line);
        }
#pragma warning disable CA1031 // Whatever stops the log, the entry still goes to stderr.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e.Message;
        }
        if (failure is null) return;

        try
        {
            _stderr.Write(System.Text.Encoding.UTF8.GetBytes($"mstro: could not write the error log ({failure}); the error follows.\n"));
            _stderr.Write(line);
            _stderr.Flush();
        }
        catch (IOException)
        {
            // stderr closed too: there is nowhere left to report to.
        }
    }

    private byte[] Format(string errorId, string kind, string message, Exception? exception,
        IReadOnlyList<KeyValuePair<string, string?>>? context)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Text.Readable))
        {
            writer.WriteStartObject();
            writer.WriteString("time", _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("errorId", errorId);
            writer.WriteString("kind", kind);
            writer.WriteString("message", Text.Scrub(SecretRedactor.Redact(message)));
            if (context is not null)
                foreach (var (name, value) in context)
                    if (value is not null) writer.WriteString(name, Bound(SecretRedactor.Redact(value)));
            if (exception is not null) writer.WriteString("exception", Bound(SecretRedactor.Redact(exception.ToString())));
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static string Bound(string text)
    {
        text = Text.Scrub(text);
        return text.Length <= MaxDetailChars ? text : Text.Truncate(text, MaxDetailChars) + "…";
    }
}
