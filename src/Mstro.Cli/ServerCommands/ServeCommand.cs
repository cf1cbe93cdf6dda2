using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Mstro.Protocol;
using Mstro.Protocol.Runtime;
using Mstro.Review;
using Mstro.Server;
using Mstro.Server.Approvers;
using Serilog;
using Serilog.Events;

namespace Mstro.Cli.ServerCommands;

/// <summary><c>mstro serve</c>: the loopback server without the console, for scripts, tests and users without a TUI.
/// Logs to stderr (and optionally a file); Ctrl+C / SIGTERM stop it cleanly, removing the runtime file.</summary>
internal static class ServeCommand
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1.5);

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port to listen on (0, the default, picks a free one; clients read it from ~/.mstro/server.json)." };
        var bind = new Option<string>("--bind")
        {
            Description = "IP address to listen on. Loopback only unless --allow-non-loopback.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var allowNonLoopback = new Option<bool>("--allow-non-loopback")
        {
            Description = "Allow --bind to a non-loopback address (reachable from other machines; logged as a security warning).",
        };
        var logFile = new Option<string?>("--log-file") { Description = "Also write the log to this file." };
        var verbose = new Option<bool>("--verbose") { Description = "Log debug details (every verdict)." };
        var escalationTimeout = new Option<double>("--escalation-timeout")
        {
            Description = $"Seconds a call waits for a person before Claude Code asks instead (default {DecisionBudget.DefaultEscalationTimeout.TotalSeconds:0}; " +
                          $"with the AI review timeout at most {DecisionBudget.MaxServerDecisionTime.TotalSeconds - 1:0}, below the hook's {DecisionBudget.InstalledHookTimeoutSeconds} s timeout).",
            DefaultValueFactory = _ => DecisionBudget.DefaultEscalationTimeout.TotalSeconds,
        };
        var aiModel = new Option<string?>("--ai-model") { Description = $"The model AI review asks (default {AiReviewOptions.DefaultModel})." };
        var aiTimeout = new Option<double>("--ai-timeout")
        {
            Description = "Seconds AI review may take, retries included (default 8).",
            DefaultValueFactory = _ => 8,
        };

        var command = new Command("serve", "Run mstro's loopback server headless (logs to stderr; Ctrl+C stops it). In a terminal it shows " +
                                           "escalations and the pairing code for mstro approve / deny; press Enter for a new code.")
        {
            port, bind, allowNonLoopback, logFile, verbose, escalationTimeout, aiModel, aiTimeout,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var ai = new AiReviewOptions { Timeout = Seconds(parse.GetValue(aiTimeout)) };
            if (parse.GetValue(aiModel) is { } model) ai = ai with { Model = model };
            return RunAsync(
                new ServerOptions
                {
                    Port = parse.GetValue(port),
                    BindAddress = parse.GetValue(bind)!,
                    AllowNonLoopbackBind = parse.GetValue(allowNonLoopback),
                    MstroDirectory = ServerFiles.MstroDirectory(),
                    EscalationTimeout = Seconds(parse.GetValue(escalationTimeout)),
                    AiReview = ai,
                    // Someone sees this terminal: escalations wait for them, and pairing codes can be shown here.
                    Attended = !Console.IsErrorRedirected,
                },
                parse.GetValue(logFile),
                parse.GetValue(verbose),
                Console.Error,
                cancellationToken);
        });
        return command;
    }

    private static TimeSpan Seconds(double seconds) =>
        double.IsFinite(seconds) && seconds is >= 0 and < 86_400 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(-1);

    public static async Task<int> RunAsync(ServerOptions options, string? logFile, bool verbose, TextWriter stderr, CancellationToken cancellationToken)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Mstro", verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (logFile is not null)
            configuration = configuration.WriteTo.File(logFile, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        using var logger = configuration.CreateLogger();

        MstroServer server;
        var display = new ConsolePairingDisplay(stderr, isTerminal: !Console.IsErrorRedirected);
        try
        {
            server = MstroServer.Create(options, new MstroServerSetup
            {
                ConfigureLogging = logging => logging.AddSerilog(logger),
                ConfigureServices = services => services.AddSingleton<IPairingDisplay>(display),
            });
        }
        catch (OptionsValidationException e)
        {
            await stderr.WriteLineAsync($"mstro serve: {string.Join("; ", e.Failures)}");
            return 2;
        }

        await using (server)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onSigterm = StopOn(PosixSignal.SIGTERM, stop);
            using var onSigint = StopOn(PosixSignal.SIGINT, stop);
            using var onSigquit = StopOn(PosixSignal.SIGQUIT, stop);
            try
            {
                await server.StartAsync(stop.Token);
            }
            catch (Exception e) when (e is ServerAlreadyRunningException or ServerStartException)
            {
                await stderr.WriteLineAsync($"mstro serve: {e.Message}");
                return 1;
            }

            if (!display.CanShow)
                await stderr.WriteLineAsync("mstro serve: not in a terminal, so no pairing code is shown and mstro approve / deny cannot pair; " +
                                            "escalations become Claude Code's own prompt unless a terminal was paired.");
            else if (!Console.IsInputRedirected)
                _ = Task.Run(() => RenewCodesOnEnter(server, stop.Token), CancellationToken.None);

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop cleanly below.
            }
            using var stopping = new CancellationTokenSource(StopTimeout);
            await server.StopAsync(stopping.Token);
        }
        return 0;
    }

    /// <summary>Each Enter typed in this terminal shows a new pairing code (the old one stops working): only someone at
    /// this terminal can ask for one.</summary>
    private static void RenewCodesOnEnter(MstroServer server, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && Console.ReadLine() is not null) server.Pairing.Renew();
        }
        catch (IOException)
        {
            // The terminal went away; the server keeps running until it is stopped.
        }
    }

    /// <summary>Turns the signal into a clean stop instead of the runtime's default exit.</summary>
    private static PosixSignalRegistration StopOn(PosixSignal signal, CancellationTokenSource stop) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
}
