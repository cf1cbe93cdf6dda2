using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Analysis;

/// <summary>What the analysis tracks of a running shell: the working directory, variables the script set,
/// functions and aliases it defined, positional parameters. Subshells get a clone, so their <c>cd</c> does not leak out.</summary>
internal sealed class ShellState
{
    private Dictionary<string, Arg>? _variables;
    private Dictionary<string, Command>? _functions;
    private Dictionary<string, string>? _aliases;
    private List<string>? _directoryStack;

    public ShellState(string cwd) => Cwd = cwd;

    public string Cwd { get; private set; }

    /// <summary>An earlier <c>cd</c> went somewhere unknown: relative paths are not what they seem.</summary>
    public bool CwdUnresolved { get; private set; }

    public string? PreviousCwd { get; private set; }

    /// <summary>$0, $1, ... when known (<c>bash -c '...' name arg1</c>).</summary>
    public IReadOnlyList<Arg>? Positional { get; set; }

    public ShellState Clone()
    {
        var copy = new ShellState(Cwd)
        {
            CwdUnresolved = CwdUnresolved,
            PreviousCwd = PreviousCwd,
            Positional = Positional,
        };
        if (_variables is not null) copy._variables = new Dictionary<string, Arg>(_variables, StringComparer.Ordinal);
        if (_functions is not null) copy._functions = new Dictionary<string, Command>(_functions, StringComparer.Ordinal);
        if (_aliases is not null) copy._aliases = new Dictionary<string, string>(_aliases, StringComparer.Ordinal);
        if (_directoryStack is not null) copy._directoryStack = [.. _directoryStack];
        return copy;
    }

    public void ChangeDirectory(string absolute, bool unresolved)
    {
        PreviousCwd = Cwd;
        Cwd = absolute;
        CwdUnresolved = unresolved;
    }

    public void PushDirectory(string absolute, bool unresolved)
    {
        (_directoryStack ??= []).Add(Cwd);
        ChangeDirectory(absolute, unresolved);
    }

    public void PopDirectory()
    {
        if (_directoryStack is { Count: > 0 })
        {
            var top = _directoryStack[^1];
            _directoryStack.RemoveAt(_directoryStack.Count - 1);
            ChangeDirectory(top, false);
        }
        else
        {
            ChangeDirectory(Cwd, true);
        }
    }

    public bool TryGetVariable(string name, out Arg value)
    {
        if (_variables is not null && _variables.TryGetValue(name, out value)) return true;
        value = default;
        return false;
    }

    public void SetVariable(string name, Arg value) => (_variables ??= new(StringComparer.Ordinal))[name] = value;

    public void DefineFunction(string name, Command body) => (_functions ??= new(StringComparer.Ordinal))[name] = body;

    public bool IsFunction(string name) => _functions is not null && _functions.ContainsKey(name);

    public bool TryGetFunction(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Command body)
    {
        if (_functions is not null && _functions.TryGetValue(name, out body)) return true;
        body = null;
        return false;
    }

    /// <summary><c>alias name=value</c>: the value's text replaces the word <paramref name="name"/> where it starts a command.</summary>
    public void DefineAlias(string name, string value) => (_aliases ??= new(StringComparer.Ordinal))[name] = value;

    public void RemoveAlias(string name) => _aliases?.Remove(name);

    public void RemoveAllAliases() => _aliases?.Clear();

    public bool HasAliases => _aliases is { Count: > 0 };

    public bool TryGetAlias(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        if (_aliases is not null && _aliases.TryGetValue(name, out value)) return true;
        value = null;
        return false;
    }
}
