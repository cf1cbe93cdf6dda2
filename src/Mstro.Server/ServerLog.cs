using Microsoft.Extensions.Logging;

namespace Mstro.Server;

/// <summary>Every log line the server writes. None carries the token, a query string or a request body.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "mstro server listening on http://{Address}:{Port} (pid {Pid}); runtime file {RuntimeFile}")]
    public static partial void Listening(this ILogger logger, string address, int port, int pid, string runtimeFile);

    [LoggerMessage(2, LogLevel.Warning,
        "SECURITY WARNING: the mstro server listens on {Address}:{Port}, which is NOT a loopback address: other machines " +
        "can reach it. Only the session token protects it. This was explicitly allowed (--allow-non-loopback).")]
    public static partial void NonLoopbackBind(this ILogger logger, string address, int port);

    [LoggerMessage(3, LogLevel.Warning, "Replacing a stale runtime file {RuntimeFile} ({Reason})")]
    public static partial void StaleRuntimeFile(this ILogger logger, string runtimeFile, string reason);

    [LoggerMessage(4, LogLevel.Information, "mstro server stopping; runtime file {RuntimeFile} removed")]
    public static partial void RuntimeFileRemoved(this ILogger logger, string runtimeFile);

    [LoggerMessage(5, LogLevel.Warning, "Tightened the permissions of {Directory} to 0700 (they were {Mode})")]
    public static partial void DirectoryTightened(this ILogger logger, string directory, string mode);

    [LoggerMessage(10, LogLevel.Error, "Unhandled exception, error id {ErrorId}, on {Method} {Path}")]
    public static partial void UnhandledException(this ILogger logger, Exception exception, string errorId, string method, string path);

    [LoggerMessage(11, LogLevel.Information, "Bad request on {Method} {Path}: {StatusCode} {Reason}")]
    public static partial void BadRequest(this ILogger logger, string method, string path, int statusCode, string reason);

    [LoggerMessage(20, LogLevel.Warning, "Refused {Method} {Path}: the Host header is not a loopback name of this server")]
    public static partial void ForeignHostRefused(this ILogger logger, string method, string path);

    [LoggerMessage(21, LogLevel.Warning, "Refused {Method} {Path}: foreign Origin")]
    public static partial void ForeignOriginRefused(this ILogger logger, string method, string path);

    [LoggerMessage(22, LogLevel.Warning, "Refused {Method} {Path}: a credential was sent in the URL (it may now be in logs or history)")]
    public static partial void CredentialInQueryString(this ILogger logger, string method, string path);

    [LoggerMessage(30, LogLevel.Information, "Feed client {ConnectionId} authenticated as {Role}")]
    public static partial void FeedAuthenticated(this ILogger logger, string connectionId, string role);

    [LoggerMessage(31, LogLevel.Warning, "Feed client {ConnectionId} closed: {Reason}")]
    public static partial void FeedAuthFailed(this ILogger logger, string connectionId, string reason);

    [LoggerMessage(32, LogLevel.Information, "Feed client {ConnectionId} disconnected ({Reason})")]
    public static partial void FeedDisconnected(this ILogger logger, string connectionId, string reason);

    [LoggerMessage(40, LogLevel.Debug, "Verdict {Seq}: {Decision} by {Layer} ({RuleId}) for {ToolName}")]
    public static partial void VerdictPublished(this ILogger logger, long seq, string decision, string layer, string ruleId, string toolName);

    [LoggerMessage(41, LogLevel.Debug, "AI review: {Decision} (failure {Failure}, cached {FromCache}, {ElapsedMs} ms) for {ToolName}")]
    public static partial void AiReviewed(this ILogger logger, string decision, string failure, bool fromCache, long elapsedMs, string toolName);

    [LoggerMessage(42, LogLevel.Information, "{Reviewer}")]
    public static partial void ReviewerDescribed(this ILogger logger, string reviewer);

    [LoggerMessage(43, LogLevel.Error, "AI review is off: {Problem}")]
    public static partial void ReviewerUnusable(this ILogger logger, string problem);

    [LoggerMessage(50, LogLevel.Warning,
        "Escalation {Id} waits for a person ({Seconds} s): {ToolName} {Summary} | {Why} | answer: mstro approve {Id} / mstro deny {Id}")]
    public static partial void EscalationShown(this ILogger logger, string id, int seconds, string toolName, string summary, string why);

    [LoggerMessage(51, LogLevel.Debug, "Escalation {Id} published as event {Seq} ({ToolName}, {Seconds} s)")]
    public static partial void EscalationWaiting(this ILogger logger, string id, long seq, string toolName, int seconds);

    [LoggerMessage(52, LogLevel.Information, "Escalation {Id}: {Outcome}")]
    public static partial void EscalationResolved(this ILogger logger, string id, string outcome);

    [LoggerMessage(53, LogLevel.Information, "Remembered rule {RuleId} ({Scope}) in {File}{Existing}")]
    private static partial void RuleRememberedCore(this ILogger logger, string ruleId, string scope, string file, string existing);

    public static void RuleRemembered(this ILogger logger, string ruleId, string scope, string file, bool existing) =>
        logger.RuleRememberedCore(ruleId, scope, file, existing ? " (it was there already)" : "");

    [LoggerMessage(60, LogLevel.Information, "A pairing code is shown on the console (valid until {ExpiresAt:HH:mm:ss})")]
    public static partial void PairingCodeShown(this ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(61, LogLevel.Warning, "A wrong pairing code was tried ({TriesLeft} tries left)")]
    public static partial void PairingCodeWrong(this ILogger logger, int triesLeft);

    [LoggerMessage(62, LogLevel.Warning, "Pairing locked: {Attempts} wrong codes were tried; a new code is shown only at the console")]
    public static partial void PairingCodeBurnt(this ILogger logger, int attempts);

    [LoggerMessage(63, LogLevel.Information, "Paired {Session}: it may answer escalations until {ExpiresAt:u} or until it ends")]
    public static partial void TerminalPaired(this ILogger logger, string session, DateTimeOffset expiresAt);

    [LoggerMessage(64, LogLevel.Warning, "No approver socket ({Reason}): escalations can be answered only at mstro's console")]
    public static partial void ApproverSocketUnavailable(this ILogger logger, string reason);
}
