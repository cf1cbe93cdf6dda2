using System.Globalization;
using System.Text;
using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Tests.Shell;

/// <summary>
/// A compact, unambiguous text form of a syntax tree, so a test can state the whole shape it expects.
/// Statements: <c>; a</c>, <c>&amp;&amp; a</c>, <c>|| a</c>, a trailing <c> &amp;</c> for background, <c>⏎ a</c> after a newline.
/// Words: unquoted text as is, <c>'single'</c>, <c>"double"</c>, <c>\e\s\c</c> for escaped characters, <c>$'ansi'</c>
/// (decoded, control characters as \xHH), <c>${NAME op arg}</c>, <c>$(script)</c>, <c>`script`</c>, <c>&lt;(script)</c>,
/// <c>$((expr))</c>, <c>~</c> / <c>~user</c>. Compounds: <c>If[header]{body}{body}</c>.
/// </summary>
internal static class ShellTreeText
{
    public static string Of(Script script)
    {
        var builder = new StringBuilder();
        Append(builder, script);
        return builder.ToString();
    }

    public static string Of(Word word)
    {
        var builder = new StringBuilder();
        Append(builder, word);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Script script)
    {
        for (int i = 0; i < script.Statements.Length; i++)
        {
            var statement = script.Statements[i];
            if (i > 0) builder.Append(' ');
            builder.Append(statement.Operator switch
            {
                ListOperator.Start => i == 0 ? "" : "⏎ ",
                ListOperator.Sequence => "; ",
                ListOperator.And => "&& ",
                ListOperator.Or => "|| ",
                _ => "",
            });
            Append(builder, statement.Pipeline);
            if (statement.Background) builder.Append(" &");
        }
    }

    private static void Append(StringBuilder builder, Pipeline pipeline)
    {
        if (pipeline.Negated) builder.Append("! ");
        for (int i = 0; i < pipeline.Commands.Length; i++)
        {
            if (i > 0) builder.Append(" | ");
            Append(builder, pipeline.Commands[i]);
        }
    }

    private static void Append(StringBuilder builder, Command command)
    {
        switch (command)
        {
            case SimpleCommand simple:
                var items = new List<string>();
                foreach (var assignment in simple.Assignments)
                {
                    var text = new StringBuilder(assignment.Name);
                    if (assignment.Subscript is not null) text.Append('[').Append(Of(assignment.Subscript)).Append(']');
                    text.Append(assignment.Append ? "+=" : "=");
                    if (assignment.ArrayElements is not null)
                        text.Append('(').AppendJoin(' ', assignment.ArrayElements.Select(Of)).Append(')');
                    else
                        Append(text, assignment.Value);
                    items.Add(text.ToString());
                }

                items.AddRange(simple.Words.Select(Of));
                builder.AppendJoin(' ', items);
                break;
            case Subshell subshell:
                builder.Append("( ");
                Append(builder, subshell.Body);
                builder.Append(" )");
                break;
            case Group group:
                builder.Append("{ ");
                Append(builder, group.Body);
                builder.Append(" }");
                break;
            case FunctionDefinition function:
                builder.Append("fn ").Append(function.Name).Append(' ');
                Append(builder, function.Body);
                break;
            case Compound compound:
                builder.Append(compound.Kind).Append('[').AppendJoin(' ', compound.Header.Select(Of)).Append(']');
                foreach (var body in compound.Bodies)
                {
                    builder.Append('{');
                    Append(builder, body);
                    builder.Append('}');
                }

                break;
        }

        foreach (var redirection in command.Redirections)
        {
            builder.Append(' ');
            if (redirection.FileDescriptor is int fd) builder.Append(fd.ToString(CultureInfo.InvariantCulture));
            builder.Append(redirection.Operator switch
            {
                RedirectionOperator.Input => "<",
                RedirectionOperator.Output => ">",
                RedirectionOperator.Append => ">>",
                RedirectionOperator.Clobber => ">|",
                RedirectionOperator.ReadWrite => "<>",
                RedirectionOperator.DuplicateInput => "<&",
                RedirectionOperator.DuplicateOutput => ">&",
                RedirectionOperator.OutputAndError => "&>",
                RedirectionOperator.AppendOutputAndError => "&>>",
                RedirectionOperator.HereString => "<<<",
                _ => "<<",
            });
            if (redirection.HereDocument is { } here)
            {
                if (here.StripTabs) builder.Append('-');
                builder.Append(here.QuotedDelimiter ? "'" + here.Delimiter + "'" : here.Delimiter).Append('[');
                Append(builder, here.Body);
                builder.Append(']');
            }
            else if (redirection.Target is not null)
            {
                Append(builder, redirection.Target);
            }
        }
    }

    private static void Append(StringBuilder builder, Word word)
    {
        foreach (var part in word.Parts) Append(builder, part);
    }

    private static void Append(StringBuilder builder, WordPart part)
    {
        switch (part)
        {
            case LiteralPart { Quote: QuoteKind.None } literal:
                builder.Append(literal.Text);
                break;
            case LiteralPart { Quote: QuoteKind.Single } literal:
                builder.Append('\'').Append(literal.Text).Append('\'');
                break;
            case LiteralPart { Quote: QuoteKind.Double } literal:
                builder.Append('"').Append(literal.Text).Append('"');
                break;
            case LiteralPart { Quote: QuoteKind.Escaped } literal:
                foreach (char ch in literal.Text) builder.Append('\\').Append(ch);
                break;
            case LiteralPart literal:
                builder.Append("$'");
                foreach (char ch in literal.Text)
                {
                    if (ch < ' ') builder.Append("\\x").Append(((int)ch).ToString("X2", CultureInfo.InvariantCulture));
                    else builder.Append(ch);
                }

                builder.Append('\'');
                break;
            case TildePart tilde:
                builder.Append('~').Append(tilde.User);
                break;
            case ParameterPart parameter:
                builder.Append("${").Append(parameter.Name);
                if (parameter.Subscript is not null) builder.Append('[').Append(Of(parameter.Subscript)).Append(']');
                if (parameter.Operator is not null) builder.Append(' ').Append(parameter.Operator);
                if (parameter.Argument is not null) builder.Append(' ').Append(Of(parameter.Argument));
                builder.Append('}');
                break;
            case CommandSubstitutionPart { Backtick: true } substitution:
                builder.Append('`');
                Append(builder, substitution.Script);
                builder.Append('`');
                break;
            case CommandSubstitutionPart substitution:
                builder.Append("$(");
                Append(builder, substitution.Script);
                builder.Append(')');
                break;
            case ProcessSubstitutionPart process:
                builder.Append(process.Input ? "<(" : ">(");
                Append(builder, process.Script);
                builder.Append(')');
                break;
            case ArithmeticPart arithmetic:
                builder.Append("$((");
                if (arithmetic.ExpressionWord is not null) Append(builder, arithmetic.ExpressionWord);
                builder.Append("))");
                break;
        }
    }
}
