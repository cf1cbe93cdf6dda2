namespace Mstro.Bouncer.Hook;

public sealed partial record HookPayload
{
    /// <summary>The payload read by <see cref="PayloadScanner"/> in one pass, for the payloads Claude Code sends (no
    /// escaped field name, no lone surrogate, no mistyped field). Null for anything else, which
    /// <see cref="TryParseWellFormed"/> then reads: the two give the same payload for every text this one accepts
    /// (a test compares all three readings over thousands of generated and damaged payloads).</summary>
    internal static HookPayload? TryParsePlain(ReadOnlySpan<byte> utf8Json)
    {
        var payload = new HookPayload();
        byte[]? scratch = null;
        var scanner = new PayloadScanner(utf8Json);
        if (!scanner.Expect((byte)'{')) return null;
        if (!scanner.TryConsume((byte)'}'))
        {
            var expected = Field.SessionId;
            do
            {
                // The field Claude Code usually writes next is recognised by its spelling, without looking its name up.
                var field = expected;
                if (expected == Field.Other || !scanner.TryConsumeSpelled(FieldNames.Spelled((int)expected)))
                {
                    var name = scanner.ReadName();
                    if (scanner.Failed || !scanner.Expect((byte)':')) return null;
                    field = (Field)FieldNames.IndexOf(name);
                }
                expected = UsuallyAfter(field);
                // A repeated field keeps its last value, as the other readers do.
                var read = field switch
                {
                    Field.Other => scanner.SkipValue(depth: 1),
                    Field.ToolInput => ReadPlainToolInput(ref scanner, ref scratch, payload),
                    _ => ReadPlainString(ref scanner, ref scratch, ref payload.TextOf(field), field),
                };
                if (!read) return null;
            }
            while (scanner.TryConsume((byte)','));
            if (!scanner.Expect((byte)'}')) return null;
        }
        return scanner.AtEnd() ? payload.Complete(utf8Json) : null;
    }

    /// <summary>The value of string field <paramref name="field"/>: a string or null, read as
    /// <see cref="ReadNullableString"/> reads it, but where the payload holds it with no escape it is left there, to be
    /// made into a string when asked for. Any other value is left to the other readers (their errors name the field).</summary>
    private static bool ReadPlainString(ref PayloadScanner scanner, ref byte[]? scratch, ref LazyText value, Field field)
    {
        value.Set(null);
        var first = scanner.PeekValue();
        if (first == 'n') return scanner.SkipValue(depth: 1);
        if (first != '"') return false;
        var utf8 = scanner.ReadString(ref scratch, out var plainStart);
        if (scanner.Failed) return false;
        if (KnownValuesOf(field) is { } known)
        {
            foreach (var candidate in known)
            {
                if (!utf8.SequenceEqual(candidate.Utf8)) continue;
                value.Set(candidate.Text);
                return true;
            }
        }
        SetText(ref value, utf8, plainStart);
        return true;
    }

    /// <summary>A string read by the scanner: left in the payload when it is there (<paramref name="plainStart"/>), else
    /// made into a string now, since the scanner's scratch space is used again.</summary>
    private static void SetText(ref LazyText value, ReadOnlySpan<byte> utf8, int plainStart)
    {
        if (plainStart > 0) value.SetAt(plainStart, utf8.Length);
        else value.Set(PayloadScanner.ToText(utf8));
    }

    /// <summary>tool_input, an object, into <paramref name="payload"/>: its byte range and its pre-read fields, each a
    /// string (the last of a repeated name). A pre-read field with another value is left to the other readers.</summary>
    private static bool ReadPlainToolInput(ref PayloadScanner scanner, ref byte[]? scratch, HookPayload payload)
    {
        if (scanner.PeekValue() != '{') return false;
        var start = scanner.Position;
        if (payload._toolInputLength > 0) payload._inputStrings = default; // a repeated tool_input
        scanner.Expect((byte)'{');
        if (!scanner.TryConsume((byte)'}'))
        {
            var first = true;
            do
            {
                // A Bash call's input starts with its command.
                var index = CommandIndex;
                if (!first || !scanner.TryConsumeSpelled(InputStringNames.Spelled(CommandIndex)))
                {
                    var name = scanner.ReadName();
                    if (scanner.Failed || !scanner.Expect((byte)':')) return false;
                    index = InputStringNames.IndexOf(name);
                }
                first = false;
                if (index < 0)
                {
                    if (!scanner.SkipValue(depth: 2)) return false;
                    continue;
                }
                if (scanner.PeekValue() != '"') return false;
                var utf8 = scanner.ReadString(ref scratch, out var plainStart);
                if (scanner.Failed) return false;
                SetText(ref payload._inputStrings[index], utf8, plainStart);
            }
            while (scanner.TryConsume((byte)','));
            if (!scanner.Expect((byte)'}')) return false;
        }
        payload._toolInputStart = start;
        payload._toolInputLength = scanner.Position - start;
        return true;
    }
}
