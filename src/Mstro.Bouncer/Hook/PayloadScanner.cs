using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace Mstro.Bouncer.Hook;

/// <summary>A strict one-pass reader for the JSON of a plain hook payload: an object of fields whose names have no
/// escapes, string values with no lone surrogate, valid UTF-8, nesting up to <see cref="MaxDepth"/>. It validates the
/// whole text as JSON (RFC 8259) and reads the fields <see cref="HookPayload"/> keeps. Anything else makes it give up
/// (<see cref="Fail"/>): the caller then parses with <see cref="System.Text.Json.Utf8JsonReader"/>, which accepts or
/// rejects the same texts and names the error. It exists because payloads are read for every tool call, and a long
/// command with many escapes cost the framework's reader two passes over it (validate, then unescape).</summary>
internal ref struct PayloadScanner(ReadOnlySpan<byte> json)
{
    /// <summary>Deeper nesting is left to the framework's reader, whose limit is 256.</summary>
    public const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _json = json;
    private int _pos;

    /// <summary>Set when the text is outside what this reader takes; every method then returns at once.</summary>
    public bool Failed { get; private set; }

    public int Position => _pos;

    public bool Fail()
    {
        Failed = true;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SkipWhitespace()
    {
        // Claude Code writes compact JSON: the next byte is rarely whitespace, so that test is inlined.
        if ((uint)_pos < (uint)_json.Length && _json[_pos] > ' ') return;
        SkipWhitespaceRun();
    }

    private void SkipWhitespaceRun()
    {
        var json = _json;
        var pos = _pos;
        while (pos < json.Length && json[pos] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') pos++;
        _pos = pos;
    }

    /// <summary>Consumes <paramref name="expected"/> after optional whitespace.</summary>
    public bool Expect(byte expected)
    {
        SkipWhitespace();
        if (_pos >= _json.Length || _json[_pos] != expected) return Fail();
        _pos++;
        return true;
    }

    /// <summary>After optional whitespace: true when the byte there is <paramref name="expected"/> (consumed).</summary>
    public bool TryConsume(byte expected)
    {
        SkipWhitespace();
        if (_pos >= _json.Length || _json[_pos] != expected) return false;
        _pos++;
        return true;
    }

    /// <summary>True when only whitespace is left.</summary>
    public bool AtEnd()
    {
        SkipWhitespace();
        return _pos == _json.Length;
    }

    /// <summary>The next value's first byte after optional whitespace (0 at the end).</summary>
    public byte PeekValue()
    {
        SkipWhitespace();
        return _pos < _json.Length ? _json[_pos] : (byte)0;
    }

    /// <summary>Where the string content <paramref name="text"/> next has a quote, a backslash or a control byte; the
    /// content before it must be valid UTF-8. Fails when there is none or the text is not UTF-8.</summary>
    private bool TryFindStop(ReadOnlySpan<byte> text, out int stop)
    {
        // A run of ASCII text is passed in one search, and only text with other bytes is checked for valid UTF-8.
        stop = IndexOfStop(text, nonAsciiStops: true);
        if (stop < 0) return Fail();
        if (text[stop] < 0x80) return true;
        var nonAscii = stop;
        var end = IndexOfStop(text[nonAscii..], nonAsciiStops: false);
        if (end < 0 || !Utf8.IsValid(text.Slice(nonAscii, end))) return Fail();
        stop = nonAscii + end;
        return true;
    }

    /// <summary>The index of the first byte of <paramref name="text"/> that ends a run of plain string content (the closing
    /// quote, an escape, or a control character that JSON does not allow unescaped), or above ASCII when
    /// <paramref name="nonAsciiStops"/>; -1 when there is none.</summary>
    /// <remarks>Most strings of a payload are short: this is inlined rather than a general search's call and set-up.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfStop(ReadOnlySpan<byte> text, bool nonAsciiStops)
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)' ');
            for (; i <= text.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref start, (nuint)i);
                // As signed bytes, everything above ASCII is below the space too.
                var control = nonAsciiStops
                    ? Vector128.LessThan(bytes.AsSByte(), space.AsSByte()).AsByte()
                    : Vector128.LessThan(bytes, space);
                var stops = Vector128.Equals(bytes, quote) | Vector128.Equals(bytes, backslash) | control;
                if (stops != Vector128<byte>.Zero) return i + BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
            }
        }
        for (; i < text.Length; i++)
        {
            var b = text[i];
            if (b is (byte)'"' or (byte)'\\' || b < ' ' || nonAsciiStops && b >= 0x80) return i;
        }
        return -1;
    }

    /// <summary>After optional whitespace: true when the text there is <paramref name="spelled"/> (consumed), a member's
    /// name and colon as <see cref="ReadName"/> and <see cref="Expect"/> would read them.</summary>
    public bool TryConsumeSpelled(ReadOnlySpan<byte> spelled)
    {
        SkipWhitespace();
        if (!_json[_pos..].StartsWith(spelled)) return false;
        _pos += spelled.Length;
        return true;
    }

    /// <summary>A member name with no escape: its bytes. Fails on anything else.</summary>
    public ReadOnlySpan<byte> ReadName()
    {
        if (!Expect((byte)'"')) return default;
        var rest = _json[_pos..];
        if (!TryFindStop(rest, out var stop) || rest[stop] != '"') { Fail(); return default; }
        _pos += stop + 1;
        return rest[..stop];
    }

    /// <summary>A string value (the opening quote is next): its unescaped UTF-8 bytes, which are the payload's own bytes
    /// from <paramref name="plainStart"/> on when nothing is escaped, else written to <paramref name="scratch"/> (grown as
    /// needed; <paramref name="plainStart"/> is then -1).</summary>
    public ReadOnlySpan<byte> ReadString(ref byte[]? scratch, out int plainStart)
    {
        plainStart = -1;
        _pos++; // the opening quote
        var rest = _json[_pos..];
        if (!TryFindStop(rest, out var stop)) return default;
        if (rest[stop] == '"')
        {
            plainStart = _pos;
            _pos += stop + 1;
            return rest[..stop];
        }
        if (rest[stop] != '\\') { Fail(); return default; }
        return ReadEscapedString(rest, stop, ref scratch);
    }

    /// <summary>The rest of a string value from its first escape (at <paramref name="stop"/> in <paramref name="rest"/>, the
    /// text after the opening quote), unescaped into <paramref name="scratch"/>. Apart so that plain strings, most of a
    /// payload's, are read by a short method.</summary>
    private ReadOnlySpan<byte> ReadEscapedString(ReadOnlySpan<byte> rest, int stop, ref byte[]? scratch)
    {
        // Escaped text is never longer than its spelling.
        if (scratch is null || scratch.Length < rest.Length) scratch = GC.AllocateUninitializedArray<byte>(Math.Max(rest.Length, 256));
        var written = 0;
        var read = 0;
        while (true)
        {
            rest[read..(read + stop)].CopyTo(scratch.AsSpan(written));
            written += stop;
            read += stop;
            var c = rest[read];
            if (c == '"') break;
            if (c != '\\' || read + 1 >= rest.Length) { Fail(); return default; }
            if (rest[read + 1] == 'u')
            {
                // A code unit, or a surrogate pair spelled as two; a lone surrogate is for the framework's reader.
                if (!TryReadHex(rest, read + 2, out var unit) || char.IsLowSurrogate((char)unit)) { Fail(); return default; }
                read += 6;
                var scalar = unit;
                if (char.IsHighSurrogate((char)unit))
                {
                    if (read + 1 >= rest.Length || rest[read] != '\\' || rest[read + 1] != 'u'
                        || !TryReadHex(rest, read + 2, out var low) || !char.IsLowSurrogate((char)low))
                    {
                        Fail();
                        return default;
                    }
                    scalar = char.ConvertToUtf32((char)unit, (char)low);
                    read += 6;
                }
                written += new Rune(scalar).EncodeToUtf8(scratch.AsSpan(written));
            }
            else
            {
                byte unescaped = rest[read + 1] switch
                {
                    (byte)'"' => (byte)'"',
                    (byte)'\\' => (byte)'\\',
                    (byte)'/' => (byte)'/',
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => 0, // not an escape
                };
                if (unescaped == 0) { Fail(); return default; }
                scratch[written++] = unescaped;
                read += 2;
            }
            if (!TryFindStop(rest[read..], out stop)) return default;
        }
        _pos += read + 1;
        return scratch.AsSpan(0, written);
    }

    /// <summary>Skips (and validates) any JSON value.</summary>
    public bool SkipValue(int depth)
    {
        switch (PeekValue())
        {
            case (byte)'"':
                return SkipString();
            case (byte)'{':
                if (depth >= MaxDepth) return Fail();
                _pos++;
                if (TryConsume((byte)'}')) return true;
                do
                {
                    if (PeekValue() != '"' || !SkipString() || !Expect((byte)':') || !SkipValue(depth + 1)) return Fail();
                }
                while (TryConsume((byte)','));
                return Expect((byte)'}');
            case (byte)'[':
                if (depth >= MaxDepth) return Fail();
                _pos++;
                if (TryConsume((byte)']')) return true;
                do
                {
                    if (!SkipValue(depth + 1)) return Fail();
                }
                while (TryConsume((byte)','));
                return Expect((byte)']');
            case (byte)'t':
                return SkipLiteral("true"u8);
            case (byte)'f':
                return SkipLiteral("false"u8);
            case (byte)'n':
                return SkipLiteral("null"u8);
            default:
                return SkipNumber();
        }
    }

    private bool SkipString()
    {
        _pos++; // the opening quote
        var json = _json;
        while (true)
        {
            if (!TryFindStop(json[_pos..], out var stop)) return false;
            _pos += stop;
            var c = json[_pos];
            if (c == '"')
            {
                _pos++;
                return true;
            }
            if (c != '\\' || _pos + 1 >= json.Length) return Fail();
            if (json[_pos + 1] is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                _pos += 2;
                continue;
            }
            // A surrogate's pairing is for the framework's reader.
            if (json[_pos + 1] != 'u' || !TryReadHex(json, _pos + 2, out var unit) || char.IsSurrogate((char)unit)) return Fail();
            _pos += 6;
        }
    }

    /// <summary>The four hex digits at <paramref name="at"/> as a UTF-16 code unit.</summary>
    private static bool TryReadHex(ReadOnlySpan<byte> text, int at, out int unit)
    {
        unit = 0;
        if (at + 4 > text.Length) return false;
        for (var i = at; i < at + 4; i++)
        {
            var digit = text[i] switch
            {
                >= (byte)'0' and <= (byte)'9' => text[i] - '0',
                >= (byte)'a' and <= (byte)'f' => text[i] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => text[i] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            unit = unit * 16 + digit;
        }
        return true;
    }

    private bool SkipLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_pos..].StartsWith(literal)) return Fail();
        _pos += literal.Length;
        return EndsAValue();
    }

    /// <summary>A JSON number: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private bool SkipNumber()
    {
        var json = _json;
        var pos = _pos;
        if (pos < json.Length && json[pos] == '-') pos++;
        if (pos >= json.Length) return Fail();
        if (json[pos] == '0') pos++;
        else if (json[pos] is >= (byte)'1' and <= (byte)'9') pos = Digits(json, pos);
        else return Fail();
        if (pos < json.Length && json[pos] == '.')
        {
            var start = ++pos;
            pos = Digits(json, pos);
            if (pos == start) return Fail();
        }
        if (pos < json.Length && json[pos] is (byte)'e' or (byte)'E')
        {
            pos++;
            if (pos < json.Length && json[pos] is (byte)'+' or (byte)'-') pos++;
            var start = pos;
            pos = Digits(json, pos);
            if (pos == start) return Fail();
        }
        _pos = pos;
        return EndsAValue();
    }

    private static int Digits(ReadOnlySpan<byte> json, int pos)
    {
        while (pos < json.Length && json[pos] is >= (byte)'0' and <= (byte)'9') pos++;
        return pos;
    }

    /// <summary>A literal or number must be followed by whitespace, a separator, a closing bracket or the end.</summary>
    private bool EndsAValue() =>
        _pos == _json.Length || _json[_pos] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)',' or (byte)'}'
            or (byte)']' || Fail();

    /// <summary>The string for <paramref name="utf8"/>, valid UTF-8.</summary>
    public static string ToText(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
