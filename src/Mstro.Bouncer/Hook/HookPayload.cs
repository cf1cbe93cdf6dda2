using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Mstro.Bouncer.Hook;

/// <summary>A Claude Code hook payload (stdin of <c>mstro hook</c>). Only the fields mstro uses are read;
/// everything else is ignored, so new fields from newer Claude Code versions never break parsing.</summary>
/// <remarks>The parse validates the whole payload and keeps a copy of its bytes. A string field with no escape is made
/// into a string only when something asks for it (a decision reads the tool's name and one or two tool_input fields, the
/// hook a few more); <see cref="ToolInput"/> is built from the copy only when asked for, so a Bash decision never
/// builds a <see cref="JsonDocument"/>.</remarks>
public sealed partial record HookPayload
{
    public const string PreToolUse = "PreToolUse";

    /// <summary>A payload whose tool_input fields are read from <paramref name="toolInput"/> when asked for.</summary>
    public HookPayload(string hookEventName, string? sessionId, string? cwd, string? toolName, JsonElement toolInput,
        string? transcriptPath, string? permissionMode, string? toolUseId, string? promptId, string? prompt)
    {
        HookEventName = hookEventName;
        SessionId = sessionId;
        Cwd = cwd;
        ToolName = toolName;
        ToolInput = toolInput;
        TranscriptPath = transcriptPath;
        PermissionMode = permissionMode;
        ToolUseId = toolUseId;
        PromptId = promptId;
        Prompt = prompt;
    }

    /// <summary>An empty payload for a reader to fill.</summary>
    private HookPayload()
    {
    }

    public string HookEventName { get => _eventName.Read(_json)!; init => _eventName.Set(value); }
    public string? ToolName { get => _toolName.Read(_json); init => _toolName.Set(value); }
    public string? SessionId { get => _sessionId.Read(_json); init => _sessionId.Set(value); }
    public string? Cwd { get => _cwd.Read(_json); init => _cwd.Set(value); }
    public string? TranscriptPath { get => _transcriptPath.Read(_json); init => _transcriptPath.Set(value); }
    public string? PermissionMode { get => _permissionMode.Read(_json); init => _permissionMode.Set(value); }
    public string? ToolUseId { get => _toolUseId.Read(_json); init => _toolUseId.Set(value); }
    public string? PromptId { get => _promptId.Read(_json); init => _promptId.Set(value); }
    public string? Prompt { get => _prompt.Read(_json); init => _prompt.Set(value); }

    private LazyText _eventName, _toolName, _sessionId, _cwd, _transcriptPath, _permissionMode, _toolUseId, _promptId, _prompt;

    /// <summary>A copy of the payload's bytes, from which the fields still to be made into strings and
    /// <see cref="ToolInput"/> are read (null for a payload built from its values).</summary>
    private byte[]? _json;

    /// <summary>tool_input, an object; <c>default</c> (<see cref="JsonValueKind.Undefined"/>) when the payload has none.</summary>
    public JsonElement ToolInput
    {
        get
        {
            if (_toolInput is { } built) return built.Value;
            if (_toolInputLength == 0) return default;
            // Two threads may both build it; both elements are equal and one of them is kept.
            var reader = new Utf8JsonReader(_json.AsSpan(_toolInputStart, _toolInputLength), ReaderOptions);
            var element = new StrongBox<JsonElement>(JsonElement.ParseValue(ref reader));
            return (Interlocked.CompareExchange(ref _toolInput, element, null) ?? element).Value;
        }
        init
        {
            _toolInput = new StrongBox<JsonElement>(value);
            _toolInputLength = 0;
            _inputStrings = default;
            _inputStringsFromElement = AllInputStrings;
        }
    }

    private StrongBox<JsonElement>? _toolInput;

    /// <summary>Whether <see cref="ToolInput"/> has been built (for tests: a Bash decision does not need it).</summary>
    internal bool ToolInputIsBuilt => _toolInput is not null;

    /// <summary>Where tool_input's bytes are in <see cref="_json"/>, from which <see cref="ToolInput"/> is built on first
    /// use; a length of 0 when there are none (an object takes at least two).</summary>
    private int _toolInputStart, _toolInputLength;

    /// <summary>The pre-read tool_input fields (indexed as <see cref="InputStringNameList"/>): the value when it is a string,
    /// null when the field is absent or its bit in <see cref="_inputStringsFromElement"/> is set.</summary>
    private InputStrings _inputStrings;

    /// <summary>A bit per pre-read field that is answered from <see cref="ToolInput"/> instead: not a string, not valid
    /// text, or a payload not parsed by the one-pass reader. There the element path gives the precise error.</summary>
    private byte _inputStringsFromElement;

    public bool IsPreToolUse => HookEventName == PreToolUse;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>A string field made into a string when first asked for: its string, or where its UTF-8 (with no escape,
    /// valid) is in the payload's copy. Two threads may both make it; the strings are equal and one of them is kept.</summary>
    private struct LazyText
    {
        private string? _text;
        /// <summary>Where the text starts in the payload (never 0, where the payload starts); 0 when it is not there.</summary>
        private int _start;
        private int _length;

        public void Set(string? text) => (_text, _start, _length) = (text, 0, 0);

        /// <summary>The text is at <paramref name="start"/> (more than 0) in the payload. Only numbers and null are
        /// written, so a reader filling a payload on the heap pays no write barrier for it.</summary>
        public void SetAt(int start, int length) => (_text, _start, _length) = (null, start, length);

        public readonly bool IsNull => _text is null && _start == 0;

        public readonly bool IsNullOrEmpty => _text is null ? _start == 0 || _length == 0 : _text.Length == 0;

        /// <summary>Whether the text (not null) starts with <paramref name="ascii"/>, an ASCII character.</summary>
        public readonly bool StartsWith(char ascii, byte[]? json) =>
            _text?.StartsWith(ascii) ?? (_length > 0 && json![_start] == ascii);

        public string? Read(byte[]? json)
        {
            if (_text is not null || _start == 0) return _text;
            return _text = PayloadScanner.ToText(json.AsSpan(_start, _length));
        }
    }

    /// <summary>Parses and validates a payload. Throws <see cref="HookPayloadException"/> with a precise message
    /// when the JSON is malformed or a field PreToolUse needs is missing or has the wrong type.</summary>
    public static HookPayload Parse(ReadOnlySpan<byte> utf8Json) =>
        TryParsePlain(utf8Json) ?? TryParseWellFormed(utf8Json) ?? ParseChecked(utf8Json);

    /// <summary>One pass of a reader over a well-formed payload: each field is read once, tool_input's string fields the
    /// analysis reads too, and tool_input is kept as bytes. Null for anything else (malformed JSON, a missing or mistyped
    /// field, bad text), which <see cref="ParseChecked"/> then parses again to raise its precise error: both accept
    /// exactly the same payloads.</summary>
    private static HookPayload? TryParseWellFormed(ReadOnlySpan<byte> utf8Json)
    {
        var payload = new HookPayload();
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // A repeated field keeps its last value, as JsonElement.TryGetProperty finds it.
                var field = (Field)FieldNames.IndexOf(ref reader);
                var read = field switch
                {
                    Field.Other => reader.Read() && SkipValue(ref reader),
                    Field.ToolInput => ReadToolInput(ref reader, payload),
                    _ => ReadNullableString(ref reader, ref payload.TextOf(field), field),
                };
                if (!read) return null;
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // an unpaired surrogate in a string
        }
        return payload.Complete(utf8Json);
    }

    /// <summary>The string field <paramref name="field"/> is read into.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref LazyText TextOf(Field field)
    {
        switch (field)
        {
            case Field.HookEventName: return ref _eventName;
            case Field.ToolName: return ref _toolName;
            case Field.Cwd: return ref _cwd;
            case Field.SessionId: return ref _sessionId;
            case Field.TranscriptPath: return ref _transcriptPath;
            case Field.PermissionMode: return ref _permissionMode;
            case Field.ToolUseId: return ref _toolUseId;
            case Field.PromptId: return ref _promptId;
            case Field.Prompt: return ref _prompt;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "not a string field");
        }
    }

    /// <summary>This payload, as a reader filled it, with a copy of <paramref name="utf8Json"/> for the fields still to be
    /// read from it; null when a field PreToolUse needs is missing or cwd is relative (the checked parse then names the
    /// field).</summary>
    private HookPayload? Complete(ReadOnlySpan<byte> utf8Json)
    {
        _json = Copy(utf8Json);
        if (_eventName.IsNullOrEmpty || !_cwd.IsNull && !_cwd.StartsWith('/', _json)) return null;
        if (HookEventName == PreToolUse && (_cwd.IsNullOrEmpty || _toolName.IsNullOrEmpty || _toolInputLength == 0)) return null;
        return this;
    }

    private static byte[] Copy(ReadOnlySpan<byte> bytes)
    {
        var copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }

    private static bool SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return true;
    }

    /// <summary>The payload's fields that are read, in the order of <see cref="FieldNames"/>.</summary>
    private enum Field
    {
        /// <summary>A field mstro does not read.</summary>
        Other = -1,
        ToolInput,
        HookEventName,
        ToolName,
        Cwd,
        SessionId,
        TranscriptPath,
        PermissionMode,
        ToolUseId,
        PromptId,
        Prompt,
    }

    /// <summary>The field Claude Code usually writes after <paramref name="field"/> (<see cref="Field.Other"/>: none
    /// expected). It writes session_id, transcript_path, cwd, permission_mode, hook_event_name, tool_name, tool_input,
    /// tool_use_id, sometimes with prompt_id after session_id, and some versions start at hook_event_name and end with
    /// the session's fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Field UsuallyAfter(Field field) => field switch
    {
        Field.SessionId => Field.TranscriptPath,
        Field.PromptId => Field.TranscriptPath,
        Field.TranscriptPath => Field.Cwd,
        Field.Cwd => Field.PermissionMode,
        Field.PermissionMode => Field.HookEventName,
        Field.HookEventName => Field.ToolName,
        Field.ToolName => Field.ToolInput,
        Field.ToolInput => Field.ToolUseId,
        Field.ToolUseId => Field.SessionId,
        _ => Field.Other,
    };

    private static readonly NameTable FieldNames = new(
        "tool_input", "hook_event_name", "tool_name", "cwd", "session_id", "transcript_path", "permission_mode", "tool_use_id",
        "prompt_id", "prompt");

    /// <summary>Property names to look up: the index of the name the reader is at. A name of up to 16 bytes is known by its
    /// length and two words read from its start and its end (<see cref="KeyOf"/>), and looked for in one of 64 slots chosen
    /// by them, so that a lookup compares a few words and never calls out to compare text.</summary>
    private sealed class NameTable
    {
        private const int SlotBits = 6;
        private const int LongestKeyed = 16;
        private readonly byte[][] _names;
        private readonly byte[][] _spelled;
        private readonly Entry[] _entries;
        /// <summary>Per slot, the first name (index) there, or -1.</summary>
        private readonly sbyte[] _firstInSlot = new sbyte[1 << SlotBits];

        /// <summary>A name's key (<see cref="KeyOf"/>) and the next name in its slot (-1: none).</summary>
        private readonly record struct Entry(int Length, ulong Start, ulong End, sbyte Next);

        // Plain loops: a one-call hook process pays for building the tables.
        public NameTable(params string[] names)
        {
            _names = new byte[names.Length][];
            _spelled = new byte[names.Length][];
            _entries = new Entry[names.Length];
            _firstInSlot.AsSpan().Fill(-1);
            for (var i = names.Length - 1; i >= 0; i--)
            {
                var name = _names[i] = System.Text.Encoding.UTF8.GetBytes(names[i]);
                _spelled[i] = System.Text.Encoding.UTF8.GetBytes("\"" + names[i] + "\":");
                if (name.Length is 0 or > LongestKeyed) throw new ArgumentException("a name must have 1 to 16 bytes", nameof(names));
                var (start, end) = KeyOf(name);
                ref var first = ref _firstInSlot[Slot(start, end)];
                _entries[i] = new Entry(name.Length, start, end, first);
                first = (sbyte)i;
            }
        }

        /// <summary>Two words that, with its length, tell a name of 1 to 16 bytes from every other: its first and its last
        /// eight bytes (four for a shorter name, and its first, middle and last byte for one under four).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (ulong Start, ulong End) KeyOf(ReadOnlySpan<byte> name) => name.Length switch
        {
            >= 8 => (MemoryMarshal.Read<ulong>(name), MemoryMarshal.Read<ulong>(name[^8..])),
            >= 4 => (MemoryMarshal.Read<uint>(name), MemoryMarshal.Read<uint>(name[^4..])),
            _ => (name[0] | (uint)name[name.Length / 2] << 8 | (uint)name[^1] << 16, 0),
        };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Slot(ulong start, ulong end) => (int)(((start * 31) ^ end) * 0x9E3779B97F4A7C15 >> (64 - SlotBits));

        /// <summary>Name <paramref name="index"/> as a compact payload spells a member's start: <c>"name":</c>.</summary>
        public ReadOnlySpan<byte> Spelled(int index) => _spelled[index];

        /// <summary>The index of the property name the reader is at, or -1.</summary>
        public int IndexOf(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped)
            {
                for (var i = 0; i < _names.Length; i++)
                    if (reader.ValueTextEquals(_names[i])) return i;
                return -1;
            }
            return IndexOf(reader.ValueSpan);
        }

        /// <summary>The index of the (unescaped) name, or -1.</summary>
        public int IndexOf(ReadOnlySpan<byte> name)
        {
            if (name.Length is 0 or > LongestKeyed) return -1;
            var (start, end) = KeyOf(name);
            var entries = _entries;
            for (int i = _firstInSlot[Slot(start, end)]; (uint)i < (uint)entries.Length; i = entries[i].Next)
            {
                ref readonly var entry = ref entries[i];
                if (entry.Start == start && entry.End == end && entry.Length == name.Length) return i;
            }
            return -1;
        }
    }

    /// <summary><see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>, with the common case (nothing escaped)
    /// compared here.</summary>
    private static bool TextEquals(ref Utf8JsonReader reader, byte[] utf8)
    {
        if (reader.ValueIsEscaped) return reader.ValueTextEquals(utf8);
        var text = reader.ValueSpan;
        return text.Length == utf8.Length && text.SequenceEqual(utf8);
    }

    /// <summary>Reads tool_input, which must be an object, up to its end, into <paramref name="payload"/>: its byte range,
    /// and the value of each top-level field named in <see cref="InputStringNameList"/> when it is a string (the last one
    /// of a repeated name); every other value is only checked. A pre-read field whose (last) value is not a string, or is
    /// not valid text, is marked to be answered from the element, which raises the precise error.</summary>
    private static bool ReadToolInput(ref Utf8JsonReader reader, HookPayload payload)
    {
        payload._toolInputLength = 0;
        payload._inputStrings = default;
        payload._inputStringsFromElement = 0;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        var start = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = InputStringNames.IndexOf(ref reader);
            if (!reader.Read()) return false;
            if (index < 0)
            {
                reader.Skip();
                continue;
            }
            string? text = null;
            if (reader.TokenType == JsonTokenType.String)
            {
                try
                {
                    text = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    // Not text (an unpaired surrogate escape, or bytes that are not UTF-8): left to the element, whose
                    // error names the field.
                }
            }
            else
            {
                reader.Skip();
            }
            payload._inputStrings[index].Set(text);
            var bit = (byte)(1 << index);
            payload._inputStringsFromElement = text is null
                ? (byte)(payload._inputStringsFromElement | bit)
                : (byte)(payload._inputStringsFromElement & ~bit);
        }
        if (reader.TokenType != JsonTokenType.EndObject) return false;
        payload._toolInputStart = start;
        payload._toolInputLength = (int)reader.BytesConsumed - start;
        return true;
    }

    /// <summary>The tool_input fields the analysis reads as strings (<see cref="Analysis.CallAnalyzer"/> and
    /// <see cref="Analysis.ToolAnalyzer"/>), read by the parse. A field's slot in <see cref="InputStrings"/> is its index
    /// here, and its bit in <see cref="_inputStringsFromElement"/> is 1 &lt;&lt; that index: eight at most.</summary>
    private static readonly string[] InputStringNameList =
        ["command", "file_path", "content", "old_string", "new_string", "url", "path", "notebook_path"];

    private static readonly NameTable InputStringNames = new(InputStringNameList);

    /// <summary>The index of <c>command</c> in <see cref="InputStringNameList"/>.</summary>
    private const int CommandIndex = 0;

    private const byte AllInputStrings = (1 << 8) - 1;

    [InlineArray(8)]
    private struct InputStrings
    {
        private LazyText _first;
    }

    // Values most payloads carry, handed out as these strings rather than read into new ones.
    private static readonly KnownValue[] EventNames = [new(PreToolUse)];
    private static readonly KnownValue[] ToolNames =
        [new("Bash"), new("Read"), new("Write"), new("Edit"), new("MultiEdit"), new("Glob"), new("Grep"), new("WebFetch")];

    /// <summary>The values a string field usually holds, handed out as these strings (null: none known). Only the fields
    /// every payload's reading makes into strings have them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static KnownValue[]? KnownValuesOf(Field field) => field switch
    {
        Field.HookEventName => EventNames,
        Field.ToolName => ToolNames,
        _ => null,
    };

    private sealed class KnownValue(string text)
    {
        public string Text { get; } = text;
        public byte[] Utf8 { get; } = System.Text.Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Reads the value of string field <paramref name="field"/>, which must be a string or null (null for both
    /// null and absent); a value equal to one of its <see cref="KnownValuesOf"/> is that string.</summary>
    private static bool ReadNullableString(ref Utf8JsonReader reader, ref LazyText value, Field field)
    {
        value.Set(null);
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        if (KnownValuesOf(field) is { } known)
        {
            foreach (var candidate in known)
            {
                if (!TextEquals(ref reader, candidate.Utf8)) continue;
                value.Set(candidate.Text);
                return true;
            }
        }
        value.Set(reader.GetString());
        return true;
    }

    private static HookPayload ParseChecked(ReadOnlySpan<byte> utf8Json)
    {
        JsonElement root;
        try
        {
            // JsonElement.ParseValue copies the value into plain arrays that need no disposing (JsonDocument.Parse rents
            // them from the shared pool, whose first use costs a short-lived hook process more than the parse), so
            // tool_input needs no clone either.
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            root = JsonElement.ParseValue(ref reader);
            if (reader.Read()) throw new JsonException("more than one JSON value", null, 0, reader.BytesConsumed);
        }
        catch (JsonException e)
        {
            throw new HookPayloadException(
                $"the hook payload is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
            throw new HookPayloadException($"the hook payload must be a JSON object, not {Describe(root.ValueKind)}");

        var eventName = RequiredString(root, "hook_event_name");
        var isPreToolUse = eventName == PreToolUse;
        var cwd = isPreToolUse ? RequiredString(root, "cwd") : OptionalString(root, "cwd");
        if (cwd is not null && !cwd.StartsWith('/'))
            throw new HookPayloadException($"field \"cwd\" must be an absolute path, got \"{Truncate(cwd)}\"");

        string? toolName = isPreToolUse ? RequiredString(root, "tool_name") : OptionalString(root, "tool_name");
        var toolInput = default(JsonElement);
        if (root.TryGetProperty("tool_input", out var input))
        {
            if (input.ValueKind != JsonValueKind.Object)
                throw new HookPayloadException($"field \"tool_input\" must be an object, not {Describe(input.ValueKind)}");
            toolInput = input;
        }
        else if (isPreToolUse)
        {
            throw new HookPayloadException("field \"tool_input\" is missing");
        }

        return new HookPayload(
            eventName,
            OptionalString(root, "session_id"),
            cwd,
            toolName,
            toolInput,
            OptionalString(root, "transcript_path"),
            OptionalString(root, "permission_mode"),
            OptionalString(root, "tool_use_id"),
            OptionalString(root, "prompt_id"),
            OptionalString(root, "prompt"));
    }

    /// <summary>A string field of tool_input, or a precise error when it is missing or not a string.</summary>
    public string RequiredInputString(string name)
    {
        if (PreRead(name, out var preRead))
            return preRead ?? throw new HookPayloadException($"field \"tool_input.{name}\" is missing for tool {ToolName}");
        var input = ToolInput;
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var value))
            throw new HookPayloadException($"field \"tool_input.{name}\" is missing for tool {ToolName}");
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"tool_input.{name}\" must be a string, not {Describe(value.ValueKind)}");
        return ReadString(value, "tool_input.", name);
    }

    /// <summary>A string field of tool_input, or null when absent; a precise error when present with another type.</summary>
    public string? OptionalInputString(string name)
    {
        if (PreRead(name, out var preRead)) return preRead;
        var input = ToolInput;
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var value)
            || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"tool_input.{name}\" must be a string, not {Describe(value.ValueKind)}");
        return ReadString(value, "tool_input.", name);
    }

    /// <summary>True when the parse read tool_input's field <paramref name="name"/>: <paramref name="value"/> is its string,
    /// or null when tool_input has no such field.</summary>
    private bool PreRead(string name, out string? value)
    {
        var index = InputStringIndex(name);
        if (index < 0 || (_inputStringsFromElement & (1 << index)) != 0)
        {
            value = null;
            return false;
        }
        value = _inputStrings[index].Read(_json);
        return true;
    }

    /// <summary>The index of <paramref name="name"/> in <see cref="InputStringNameList"/>, or -1. The analysis asks with
    /// the same string literals, which are one object each, so they are found by reference before any text is compared.</summary>
    private static int InputStringIndex(string name)
    {
        var names = InputStringNameList;
        for (var i = 0; i < names.Length; i++)
            if (ReferenceEquals(names[i], name)) return i;
        return Array.IndexOf(names, name);
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new HookPayloadException($"field \"{name}\" is missing");
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"{name}\" must be a string, not {Describe(value.ValueKind)}");
        var text = ReadString(value, name);
        if (text.Length == 0)
            throw new HookPayloadException($"field \"{name}\" is empty");
        return text;
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"{name}\" must be a string, not {Describe(value.ValueKind)}");
        return ReadString(value, name);
    }

    // JSON may escape a lone UTF-16 surrogate ("\ud800") that no .NET string can hold; that is a bad payload,
    // not an internal error.
    private static string ReadString(JsonElement value, string field) => ReadString(value, "", field);

    /// <param name="value">The string element.</param>
    /// <param name="fieldPrefix">Joined to <paramref name="field"/> only for the error message (no string built per call).</param>
    /// <param name="field">The field's name.</param>
    private static string ReadString(JsonElement value, string fieldPrefix, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new HookPayloadException(
                $"field \"{fieldPrefix}{field}\" is not valid text (it holds an unpaired UTF-16 surrogate)", e);
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

/// <summary>The payload is malformed or lacks a field mstro needs. The message names the field.</summary>
public sealed class HookPayloadException : Exception
{
    public HookPayloadException(string message) : base(message) { }
    public HookPayloadException(string message, Exception inner) : base(message, inner) { }
    public HookPayloadException() { }
}
