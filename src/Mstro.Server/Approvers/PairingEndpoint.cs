using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mstro.Protocol;
using Mstro.Protocol.Escalations;
using Mstro.Server.Api;
using Mstro.Server.Errors;

namespace Mstro.Server.Approvers;

/// <summary><c>POST /api/pair</c>: a person typed the code mstro showed on its console; the terminal session of the
/// calling process (the kernel says which, through the approver socket) may answer escalations from now on. Over TCP
/// there is no such attestation: refused. Every wrong code counts against the code's few tries.</summary>
internal static class PairingEndpoint
{
    public const string PairingRefused = "pairing-refused";
    public const string PairingLocked = "pairing-locked";

    public static async Task<IResult> PairAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (request, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.PairRequest, 4096, cancellationToken);
        if (error is not null) return error;
        var services = context.RequestServices;
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null || socket.AddressFamily != System.Net.Sockets.AddressFamily.Unix)
            return ApiResults.Error(StatusCodes.Status403Forbidden, PairingRefused,
                "pairing works only through mstro's local socket (mstro approve and mstro deny pair for you)");

        var approvers = services.GetRequiredService<TerminalApprovers>();
        TerminalSession? session = null;
        var problem = "";
        DateTimeOffset expiresAt = default;
        var check = services.GetRequiredService<PairingCodes>().Check(request!.Code, out var triesLeft, commit: () =>
        {
            session = TerminalSession.OfPeer(socket, out problem);
            if (session is null) return false;
            expiresAt = approvers.Pair(session);
            return true;
        });
        switch (check)
        {
            case PairingCheck.Accepted:
                services.GetRequiredService<ILogger<PairingCodes>>().TerminalPaired(session!.ToString(), expiresAt);
                services.GetRequiredService<IPairingDisplay>().Notice(
                    $"Paired {session}: mstro approve and mstro deny work from it until it closes. Press Enter here for a new code.");
                return ApiResults.Json(StatusCodes.Status200OK, new PairResponse(session.ToString(), expiresAt), ProtocolJsonContext.Default.PairResponse);
            case PairingCheck.NotCommitted:
                return ApiResults.Error(StatusCodes.Status403Forbidden, PairingRefused, $"the code is right, but {problem} (the code stays valid)");
            case PairingCheck.Wrong:
                return ApiResults.Error(StatusCodes.Status403Forbidden, PairingRefused,
                    $"wrong pairing code ({triesLeft} {(triesLeft == 1 ? "try" : "tries")} left before it is burnt)");
            case PairingCheck.Burnt:
                return ApiResults.Error(StatusCodes.Status429TooManyRequests, PairingLocked,
                    "wrong pairing code, and that was the last try: pairing is locked until a new code is shown at mstro's console");
            default:
                return ApiResults.Error(StatusCodes.Status403Forbidden, PairingRefused,
                    "no pairing code is in force (used, expired or burnt): press Enter in the terminal running mstro serve for a new one");
        }
    }
}
