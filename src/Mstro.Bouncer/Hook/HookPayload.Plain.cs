namespace Mstro.Bouncer.Hook;

public sealed partial record HookPayload
{
    /// <summary>The payload read by <see cref="PayloadScanner"/> in one pass, for the payloads Claude Code sends (no
    /// escaped field name, no lone surrogate, no mistyped field). Null for anything else, which
    /// <see cref="TryParseWellFormed"/> then reads: the two give the same payload for every text this one accepts
    /// (a test compares all three readings over thousands of generated and damaged payloads).</summary>
    internal static HookPayload? TryParsePlain(ReadOnlySpan<byte> utf8Json)
    {
        var fields = new ReadFields();
        byte[]? scratch = null;
        var scanner = new PayloadScanner(utf8Json);
        if (!scanner.Expect((byte)'{')) return null;
        if (!scanner.TryConsume((byte)'}'))
        {
            do
            {
                var name = scanner.ReadName();
                if (scanner.Failed || !scanner.Expect((byte)':')) return null;
                // A repeated field keeps its last value, as the other readers do.
                var field = (Field)FieldNames.IndexOf(name);
                var read = field switch
                {
                    Field.Other => scanner.SkipValue(depth: 1),
                    Field.ToolInput => ReadPlainToolInput(ref scanner, ref scratch, out fields.ToolInputStart,
                        out fields.ToolInputEnd, out fields.InputStrings),
                    _ => ReadPlainString(ref scanner, ref scratch, out fields.Text(field), field),
                };
                if (!read) return null;
            }
            while (scanner.TryConsume((byte)','));
            if (!scanner.Expect((byte)'}')) return null;
        }
        return scanner.AtEnd() ? fields.ToPayload(utf8Json) : null;
    }

    /// <summary>The value of string field <paramref name="field"/>: a string or null, read as
    /// <see cref="ReadNullableString"/> reads it; any other value is left to the other readers (their errors name the
    /// field).</summary>
    private static bool ReadPlainString(ref PayloadScanner scanner, ref byte[]? scratch, out string? value, Field field)
    {
        value = null;
        var first = scanner.PeekValue();
        if (first == 'n') return scanner.SkipValue(depth: 1);
        if (first != '"') return false;
        var utf8 = scanner.ReadString(ref scratch);
        if (scanner.Failed) return false;
        if (KnownValuesOf(field) is { } known)
        {
            foreach (var candidate in known)
            {
                if (!utf8.SequenceEqual(candidate.Utf8)) continue;
                value = candidate.Text;
                return true;
            }
        }
        value = RecentValueOf(field) is { } recent ? recent.Read(utf8) : PayloadScanner.ToText(utf8);
        return true;
    }

    /// <summary>tool_input, an object: its byte range and its pre-read fields, each a string (the last of a repeated
    /// name). A pre-read field with another value is left to the other readers.</summary>
    private static bool ReadPlainToolInput(ref PayloadScanner scanner, ref byte[]? scratch, out int start, out int end,
        out InputStrings strings)
    {
        start = end = -1;
        strings = default;
        if (scanner.PeekValue() != '{') return false;
        start = scanner.Position;
        scanner.Expect((byte)'{');
        if (!scanner.TryConsume((byte)'}'))
        {
            do
            {
                var name = scanner.ReadName();
                if (scanner.Failed || !scanner.Expect((byte)':')) return false;
                var index = InputStringNames.IndexOf(name);
                if (index < 0)
                {
                    if (!scanner.SkipValue(depth: 2)) return false;
                    continue;
                }
                if (scanner.PeekValue() != '"') return false;
                var utf8 = scanner.ReadString(ref scratch);
                if (scanner.Failed) return false;
                strings[index] = PayloadScanner.ToText(utf8);
            }
            while (scanner.TryConsume((byte)','));
            if (!scanner.Expect((byte)'}')) return false;
        }
        end = scanner.Position;
        return true;
    }
}
