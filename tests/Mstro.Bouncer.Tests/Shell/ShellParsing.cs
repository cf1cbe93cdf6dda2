using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Tests.Shell;

/// <summary>Helpers shared by the parser tests.</summary>
internal static class ShellParsing
{
    /// <summary>Parses input that must be valid: any diagnostic fails the test.</summary>
    public static Script Valid(string source)
    {
        var result = ShellParser.Parse(source);
        Assert.True(result.Diagnostics.Length == 0,
            $"unexpected diagnostics for <{source}>: {string.Join("; ", result.Diagnostics)}");
        return result.Script;
    }

    /// <summary>The tree text (see <see cref="ShellTreeText"/>) of input that must be valid.</summary>
    public static string Tree(string source) => ShellTreeText.Of(Valid(source));

    public static Command OnlyCommand(Script script)
    {
        var statement = Assert.Single(script.Statements);
        return Assert.Single(statement.Pipeline.Commands);
    }

    public static SimpleCommand OnlySimple(string source) => Assert.IsType<SimpleCommand>(OnlyCommand(Valid(source)));

    public static List<string?> LiteralWords(SimpleCommand command) => command.Words.Select(word => word.LiteralValue).ToList();

    /// <summary>Every command in the script, depth-first, including those inside compounds, functions and substitutions.</summary>
    public static IEnumerable<Command> AllCommands(Script script)
    {
        foreach (var statement in script.Statements)
        {
            foreach (var command in statement.Pipeline.Commands)
            {
                foreach (var nested in AllCommands(command)) yield return nested;
            }
        }
    }

    private static IEnumerable<Command> AllCommands(Command command)
    {
        yield return command;
        var scripts = new List<Script>();
        var words = new List<Word>();
        switch (command)
        {
            case SimpleCommand simple:
                words.AddRange(simple.Words);
                foreach (var assignment in simple.Assignments)
                {
                    words.Add(assignment.Value);
                    if (assignment.Subscript is not null) words.Add(assignment.Subscript);
                    if (assignment.ArrayElements is not null) words.AddRange(assignment.ArrayElements);
                }

                break;
            case Subshell subshell:
                scripts.Add(subshell.Body);
                break;
            case Group group:
                scripts.Add(group.Body);
                break;
            case FunctionDefinition function:
                foreach (var nested in AllCommands(function.Body)) yield return nested;
                break;
            case Compound compound:
                scripts.AddRange(compound.Bodies);
                words.AddRange(compound.Header);
                break;
        }

        foreach (var redirection in command.Redirections)
        {
            if (redirection.Target is not null) words.Add(redirection.Target);
            if (redirection.HereDocument is not null) words.Add(redirection.HereDocument.Body);
        }

        foreach (var word in words) scripts.AddRange(Substitutions(word));
        foreach (var script in scripts)
        {
            foreach (var nested in AllCommands(script)) yield return nested;
        }
    }

    private static IEnumerable<Script> Substitutions(Word word)
    {
        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case CommandSubstitutionPart substitution:
                    yield return substitution.Script;
                    break;
                case ProcessSubstitutionPart process:
                    yield return process.Script;
                    break;
                case ParameterPart parameter:
                    foreach (var inner in new[] { parameter.Argument, parameter.Subscript })
                    {
                        if (inner is null) continue;
                        foreach (var script in Substitutions(inner)) yield return script;
                    }

                    break;
                case ArithmeticPart { ExpressionWord: { } expression }:
                    foreach (var script in Substitutions(expression)) yield return script;
                    break;
            }
        }
    }
}
