using System.CommandLine;
using System.CommandLine.Invocation;
using Mstro.Cli.Check;
using Mstro.Cli.Escalations;
using Mstro.Hook;
using Mstro.Cli.ServerCommands;

namespace Mstro.Cli;

/// <summary>The composition root of the <c>mstro</c> executable.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Claude Code starts `mstro hook` for every tool call: skip building the command tree on that path.
        if (args is ["hook"]) return HookProcess.Run();

        var root = BuildCommands();
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            parsed.Invoke();
            return ExitCodes.Error;
        }
        return parsed.Invoke();
    }

    public static RootCommand BuildCommands()
    {
        var root = new RootCommand("mstro: run Claude Code for hours, safely. Security Bouncer and console.");

        var hook = new Command("hook", "Claude Code's PreToolUse hook: reads one hook payload on stdin, answers on stdout, exits 0.");
        hook.SetAction(_ => HookProcess.Run());
        root.Subcommands.Add(hook);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(FeedCommand.Create());
        root.Subcommands.Add(EscalationCommands.List());
        root.Subcommands.Add(EscalationCommands.Answer(approve: true));
        root.Subcommands.Add(EscalationCommands.Answer(approve: false));

        root.Subcommands.Add(BuildCheck());
        root.SetAction(parseResult =>
        {
            root.Parse(["--help"]).Invoke();
            return ExitCodes.Allow;
        });
        return root;
    }

    private static Command BuildCheck()
    {
        var command = new Argument<string?>("command")
        {
            Description = "The Bash command line to decide (quote it).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var cwd = new Option<string?>("--cwd") { Description = "Decide as if run in this directory (default: the current one)." };
        var jsonl = new Option<string?>("--jsonl")
        {
            Description = "Decide each line of FILE (or - for stdin): hook payloads or audit-log lines; one JSON verdict line out per line in.",
            HelpName = "FILE|-",
        };
        var check = new Command("check",
            "Decide a Bash command (or a stream of payloads) with the bouncer and explain which rule decided. " +
            "Exit code: 0 allow, 1 ask, 2 deny, 3 error.")
        {
            command, json, cwd, jsonl,
        };
        check.SetAction(parseResult =>
        {
            var checker = new CheckCommand(Environment.GetEnvironmentVariable, Console.Out, Console.Error);
            var commandText = parseResult.GetValue(command);
            var jsonlSource = parseResult.GetValue(jsonl);
            if (jsonlSource is not null)
            {
                if (commandText is not null || parseResult.GetValue(cwd) is not null)
                {
                    Console.Error.WriteLine("mstro check: --jsonl takes its calls from the file; give no command and no --cwd.");
                    return ExitCodes.Error;
                }
                return RunJsonLines(checker, jsonlSource);
            }
            if (commandText is null)
            {
                Console.Error.WriteLine("mstro check: give a command to decide (mstro check \"rm -rf build\") or --jsonl FILE|-.");
                return ExitCodes.Error;
            }
            return checker.RunCommand(commandText, parseResult.GetValue(json), parseResult.GetValue(cwd));
        });
        return check;
    }

    private static int RunJsonLines(CheckCommand checker, string source)
    {
        if (source == "-")
        {
            using var stdin = Console.OpenStandardInput();
            return checker.RunJsonLines(stdin);
        }
        FileStream file;
        try
        {
            file = File.OpenRead(source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"mstro check: cannot read {source}: {e.Message}");
            return ExitCodes.Error;
        }
        using (file) return checker.RunJsonLines(file);
    }
}
