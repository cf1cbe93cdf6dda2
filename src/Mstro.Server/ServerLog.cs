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
}
