using System.Text;
using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Policy;

/// <summary>A rule's reason with placeholders (<c>{path}</c>, <c>{host}</c>...) filled in from the effect that matched,
/// so a finding says what was seen: "recursive delete of /usr (a system directory)". A reason without placeholders gets
/// the evidence (the command, else the path) appended in parentheses. The result is always one line.</summary>
internal sealed class ReasonTemplate
{
    public const int MaxValueLength = 160;

    public static readonly string[] PlaceholderNames =
        ["path", "host", "detail", "program", "command", "tool", "effect", "action", "port", "evidence"];

    /// <summary>The placeholders, in the order of <see cref="PlaceholderNames"/>.</summary>
    private enum Placeholder
    {
        Path,
        Host,
        Detail,
        Program,
        Command,
        Tool,
        Effect,
        Action,
        Port,
        Evidence,
    }

    private readonly string[] _parts;
    /// <summary>For each part at an odd index, which placeholder it names (found once, not per finding).</summary>
    private readonly Placeholder[] _placeholders;
    private readonly bool _hasPlaceholder;

    private ReasonTemplate(string[] parts, bool hasPlaceholder)
    {
        _parts = parts;
        _hasPlaceholder = hasPlaceholder;
        _placeholders = new Placeholder[parts.Length];
        for (var i = 1; i < parts.Length; i += 2) _placeholders[i] = (Placeholder)Array.IndexOf(PlaceholderNames, parts[i]);
    }

    /// <summary>Parses a reason; the parts at odd indexes are placeholder names.</summary>
    public static bool TryParse(string text, out ReasonTemplate? template, out string? error)
    {
        template = null;
        error = null;
        var parts = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var close = text[i] == '{' ? text.IndexOf('}', i + 1) : -1;
            var name = close > i + 1 ? text[(i + 1)..close] : null;
            if (name is not null && name.All(char.IsAsciiLetterLower))
            {
                if (!PlaceholderNames.Contains(name))
                {
                    var closest = RuleVocabulary.Closest(name, PlaceholderNames);
                    error = $"unknown placeholder {{{name}}}" + (closest is null ? "" : $" (did you mean {{{closest}}}?)") +
                            $"; known: {string.Join(", ", PlaceholderNames.Select(n => "{" + n + "}"))}";
                    return false;
                }
                parts.Add(literal.ToString());
                literal.Clear();
                parts.Add(name);
                i = close + 1;
            }
            else
            {
                literal.Append(text[i]);
                i++;
            }
        }
        parts.Add(literal.ToString());
        template = new ReasonTemplate([.. parts], parts.Count > 1);
        return true;
    }

    public static ReasonTemplate Parse(string text) =>
        TryParse(text, out var template, out var error) ? template! : throw new ArgumentException(error, nameof(text));

    [ThreadStatic] private static StringBuilder? t_builder;

    public string Render(Effect effect, string toolName, BouncerEnvironment environment)
    {
        var builder = t_builder ??= new StringBuilder(256);
        builder.Clear();
        for (var i = 0; i < _parts.Length; i++)
        {
            if (i % 2 == 0) builder.Append(_parts[i]);
            else AppendValue(builder, Value(_placeholders[i], effect, toolName, environment));
        }
        if (!_hasPlaceholder)
        {
            builder.Append(" (");
            AppendValue(builder, effect.Invocation?.Text ?? DisplayPath(effect, environment) ?? effect.Evidence);
            builder.Append(')');
        }
        return builder.ToString();
    }

    private static string Value(Placeholder placeholder, Effect effect, string toolName, BouncerEnvironment environment) => placeholder switch
    {
        Placeholder.Path => DisplayPath(effect, environment) ?? "an unknown path",
        Placeholder.Host => effect.Host ?? "an unknown host",
        Placeholder.Detail => effect.Detail ?? "",
        Placeholder.Program => effect.Invocation?.Program ?? toolName,
        Placeholder.Command => effect.Invocation?.Text ?? effect.Evidence,
        Placeholder.Tool => toolName,
        Placeholder.Effect => RuleVocabulary.EffectName(effect.Kind),
        Placeholder.Action => Action(effect),
        Placeholder.Port => UrlPort.Of(effect.Detail)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown port",
        _ => effect.Evidence,
    };

    /// <summary>The effect's path with the home directory shown as ~, and /* when a glob covers its contents.</summary>
    private static string? DisplayPath(Effect effect, BouncerEnvironment environment)
    {
        var path = effect.Path;
        if (path is null) return null;
        var home = environment.Home.AsSpan().TrimEnd('/');
        var underHome = home.Length > 0 && path.AsSpan().StartsWith(home, StringComparison.Ordinal)
            && (path.Length == home.Length || path[home.Length] == '/');
        var glob = (effect.Flags & EffectFlags.Glob) != 0;
        if (!underHome && !glob) return path;
        // One string for "~", the rest and "/*", not one per piece.
        var rest = underHome ? path.AsSpan(home.Length) : path;
        var contents = !glob ? "" : (underHome ? rest.EndsWith('/') : path.EndsWith('/')) ? "*" : "/*";
        return string.Concat(underHome ? "~" : "", rest, contents);
    }

    private static string Action(Effect effect)
    {
        var recursive = (effect.Flags & EffectFlags.Recursive) != 0;
        return effect.Kind switch
        {
            EffectKind.Read => recursive ? "recursive read of" : "read of",
            EffectKind.Write => (effect.Flags & EffectFlags.Append) != 0 ? "append to" : "write to",
            EffectKind.Delete => recursive ? "recursive delete of" : "delete of",
            EffectKind.ChangeMode => recursive ? "recursive chmod of" : "chmod of",
            EffectKind.ChangeOwner => recursive ? "recursive chown of" : "chown of",
            EffectKind.Upload => "upload of",
            EffectKind.Network => "connection to",
            EffectKind.WriteDevice => "raw write to",
            EffectKind.FormatDevice => "format of",
            _ => RuleVocabulary.EffectName(effect.Kind),
        };
    }

    private static void AppendValue(StringBuilder builder, string value)
    {
        var length = Math.Min(value.Length, MaxValueLength);
        var text = value.AsSpan(0, length);
        var control = text.IndexOfAnyInRange('\u0000', '\u001f');
        if (control < 0) control = text.IndexOfAnyInRange('\u007f', '\u009f');
        if (control < 0) builder.Append(text);
        else
        {
            foreach (var c in text) builder.Append(char.IsControl(c) ? ' ' : c);
        }
        if (value.Length > MaxValueLength) builder.Append('…');
    }
}
