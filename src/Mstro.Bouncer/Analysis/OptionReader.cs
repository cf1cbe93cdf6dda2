using System.Runtime.CompilerServices;

namespace Mstro.Bouncer.Analysis;

/// <summary>Which options of a program take a value, so values are not mistaken for operands.</summary>
internal sealed class OptionSpec
{
    public static readonly OptionSpec None = new("");

    public OptionSpec(string shortWithValue, params string[] longWithValue)
    {
        ShortWithValue = shortWithValue;
        _longWithValue = longWithValue;
    }

    // A few names each, scanned: ~60 specs are built when the program table is, in every hook process, and a set apiece
    // cost more to build than the scans cost to run.
    private readonly string[] _longWithValue;

    /// <summary>Short option letters that take a value (<c>-o file</c> or <c>-ofile</c>).</summary>
    public string ShortWithValue { get; }

    /// <summary>Whether the long option <paramref name="name"/> (without dashes) takes a value (<c>--output file</c> or
    /// <c>--output=file</c>).</summary>
    public bool TakesValue(string name) => Array.IndexOf(_longWithValue, name) >= 0;
}

internal enum OptionKind : byte
{
    Short,
    Long,
    Operand,
    /// <summary><c>--</c>: everything after it is an operand.</summary>
    EndOfOptions,
}

/// <summary>One item of a command line. For options with a value, <see cref="Value"/> holds it.</summary>
internal readonly record struct Option(OptionKind Kind, char Short, string? Long, int Index, Arg? Value)
{
    public bool Is(char letter) => Kind == OptionKind.Short && Short == letter;

    public bool Is(string longName) => Kind == OptionKind.Long && Long == longName;
}

/// <summary>Reads a command line the getopt way: bundled short flags (<c>-rf</c>), attached values (<c>-ofile</c>,
/// <c>--out=file</c>), <c>--</c>. Options may follow operands (GNU) unless <c>stopAtOperand</c>.</summary>
internal struct OptionReader
{
    private readonly Arg[] _args;
    private readonly OptionSpec _spec;
    private readonly bool _stopAtOperand;
    private int _index;
    private int _bundle;
    private bool _ended;
    private int _stopped;

    public OptionReader(Arg[] args, int start, OptionSpec spec, bool stopAtOperand = false)
    {
        _args = args;
        _index = start;
        _spec = spec;
        _stopAtOperand = stopAtOperand;
        _bundle = 0;
        _ended = false;
        _stopped = -1;
    }

    /// <summary>Index of the next argument not yet read (after <see cref="Next"/> returned an operand with
    /// stopAtOperand, the operand's own index).</summary>
    public readonly int Position => _stopped >= 0 ? _stopped : _index;

    /// <summary>Reads the next item; false when there is none left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(out Option option)
    {
        // Inlined, the option is copied into the caller's own local; Read hands it back in a return buffer (always on
        // the stack): neither copy needs the write barriers a struct with references costs when written through an out.
        option = Read(out var more);
        return more;
    }

    private Option Read(out bool more)
    {
        if (_bundle > 0)
        {
            var text = _args[_index].Value;
            var letter = text[_bundle];
            _bundle++;
            if (_spec.ShortWithValue.Length > 0 && _spec.ShortWithValue.Contains(letter, StringComparison.Ordinal))
            {
                Arg? value;
                var at = _index;
                if (_bundle < text.Length)
                {
                    value = Attached(_args[_index], text[_bundle..]);
                    _index++;
                }
                else
                {
                    _index++;
                    value = _index < _args.Length ? _args[_index++] : null;
                }
                _bundle = 0;
                more = true;
                return new Option(OptionKind.Short, letter, null, at, value);
            }

            var index = _index;
            if (_bundle >= text.Length)
            {
                _bundle = 0;
                _index++;
            }
            more = true;
            return new Option(OptionKind.Short, letter, null, index, null);
        }

        if (_stopped >= 0 || _index >= _args.Length)
        {
            more = false;
            return default;
        }

        var arg = _args[_index];
        var word = arg.Value;
        if (_ended || word.Length < 2 || word[0] != '-' || arg.IsUnresolved && !word.StartsWith("--", StringComparison.Ordinal))
        {
            more = true;
            var operand = new Option(OptionKind.Operand, '\0', null, _index, arg);
            // With stopAtOperand the command to run starts here; the reader stops (Position stays on it).
            if (_stopAtOperand) _stopped = _index;
            else _index++;
            return operand;
        }

        if (word == "--")
        {
            _ended = true;
            more = true;
            return new Option(OptionKind.EndOfOptions, '\0', null, _index++, null);
        }

        if (word[1] == '-')
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? word[2..] : word[2..equals];
            var at = _index;
            _index++;
            Arg? value = null;
            if (equals >= 0) value = Attached(arg, word[(equals + 1)..]);
            else if (_spec.TakesValue(name) && _index < _args.Length) value = _args[_index++];
            more = true;
            return new Option(OptionKind.Long, '\0', name, at, value);
        }

        _bundle = 1;
        return Read(out more);
    }

    private static Arg Attached(in Arg whole, string text) =>
        whole.IsUnresolved ? Arg.Unknown(text, whole.Source) : Arg.Unquoted(text);
}
