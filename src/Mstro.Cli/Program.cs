using System.CommandLine;
using Mstro.Cli.ServerCommands;

namespace Mstro.Cli;

/// <summary>The composition root of the <c>mstro</c> executable.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("mstro: run Claude Code for hours, safely. Security Bouncer and console.");

        var hook = new Command("hook", "Claude Code hook handler: reads one hook payload on stdin, answers on stdout.");
        hook.SetAction(_ => HookCommand.Run(Console.OpenStandardInput(), Console.OpenStandardOutput()));
        root.Subcommands.Add(hook);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(FeedCommand.Create());

        return root.Parse(args).Invoke();
    }
}
