using Microsoft.AspNetCore.Http;

namespace Mstro.Server.Security;

/// <summary>Decides whether a request comes from an approver (a person), on top of the bearer token every API route
/// needs. The server's own is <see cref="Approvers.TerminalApprovers"/>: the request's process must be in a terminal
/// session a person paired.</summary>
public interface IApproverCheck
{
    bool IsApprover(HttpContext context);
}
