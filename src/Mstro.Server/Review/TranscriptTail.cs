using System.Text;
using System.Text.Json;
using Mstro.Bouncer.Analysis;
using Mstro.Hook.Hosting;

namespace Mstro.Server.Review;

/// <summary>The end of a session's transcript, condensed for AI review: the last user and assistant messages, the tools
/// called and a short piece of their results, oldest first. Bounded (a fixed number of bytes from the end of the file),
/// and read only from Claude Code's own <c>projects/</c> directory: the path arrives in the hook payload, which any
/// process holding the runtime token can send, so it must not become a way to have the server read (and send to the
/// model) some other file. Everything in it is untrusted text (the agent could have planted instructions there); the
/// reviewer fences it as such.</summary>
internal static class TranscriptTail
{
    private const int MaxPieceChars = 400;

    /// <summary>The condensed tail, or null when there is no readable transcript at an allowed place.</summary>
    public static string? Read(string? transcriptPath, string claudeConfigDirectory, int maxBytes)
    {
        if (maxBytes <= 0 || string.IsNullOrEmpty(transcriptPath) || !Path.IsPathFullyQualified(transcriptPath)) return null;
        if (!transcriptPath.EndsWith(".jsonl", StringComparison.Ordinal)) return null;
        var view = RealFileSystemView.Instance;
        var file = view.ResolveLinks(PathText.Normalize(transcriptPath));
        var projects = view.ResolveLinks(PathText.Normalize(Path.Combine(claudeConfigDirectory, "projects")));
        if (!PathText.IsInside(file, projects) || file == projects) return null;

        byte[] tail;
        bool fromStart;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, stream.Length - maxBytes);
            fromStart = start == 0;
            stream.Seek(start, SeekOrigin.Begin);
            tail = new byte[stream.Length - start];
            stream.ReadExactly(tail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var span = tail.AsSpan();
        if (!fromStart)
        {
            var newline = span.IndexOf((byte)'\n');
            span = newline < 0 ? [] : span[(newline + 1)..];
        }

        var lines = new List<string>();
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];
            Condense(line, lines);
        }
        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    private static void Condense(ReadOnlySpan<byte> line, List<string> into)
    {
        if (line.Trim(" \t\r"u8).IsEmpty) return;
        try
        {
            using var document = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var message)
                || message.ValueKind != JsonValueKind.Object) return;
            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (role is not ("user" or "assistant")) return;
            if (!message.TryGetProperty("content", out var content)) return;
            if (content.ValueKind == JsonValueKind.String)
            {
                into.Add($"{role}: {Shorten(content.GetString()!)}");
                return;
            }
            if (content.ValueKind != JsonValueKind.Array) return;
            foreach (var block in content.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var type)) continue;
                switch (type.GetString())
                {
                    case "text" when block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String:
                        into.Add($"{role}: {Shorten(text.GetString()!)}");
                        break;
                    case "tool_use":
                        var name = block.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : "a tool";
                        var input = block.TryGetProperty("input", out var i) ? i.GetRawText() : "";
                        into.Add($"{role} called {name}: {Shorten(input)}");
                        break;
                    case "tool_result":
                        into.Add($"tool result: {Shorten(ResultText(block))}");
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A line being written, or a format this mstro does not know: skipped.
        }
    }

    private static string ResultText(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content)) return "";
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) return "";
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                text.Append(t.GetString()).Append(' ');
        }
        return text.ToString();
    }

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= MaxPieceChars ? text : string.Concat(text.AsSpan(0, MaxPieceChars), "…");
    }
}
