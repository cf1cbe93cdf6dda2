using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mstro.Server;

/// <summary>How a host program embeds the server: <c>mstro serve</c>, the console, the tests.</summary>
public sealed class MstroServerSetup
{
    /// <summary>Adds log providers. None by default: a console program must not have its screen written over.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Registers or replaces services (e.g. the <see cref="Decisions.IAmbiguousCallHandler"/>). Runs before
    /// the defaults, which are added only where nothing was registered.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Maps more API routes. They go into the <c>/api</c> group, behind the bearer-token guard: there is no
    /// way to add an unguarded route from here.</summary>
    public Action<RouteGroupBuilder>? MapApi { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Another mstro server runs for this user: the second one does not start and does not touch its file.</summary>
public sealed class ServerAlreadyRunningException : Exception
{
    public ServerAlreadyRunningException(string message) : base(message) { }
    public ServerAlreadyRunningException(string message, Exception inner) : base(message, inner) { }
    public ServerAlreadyRunningException() { }
}

/// <summary>The server could not start (port in use, directory not writable…). The message says why.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException(string message) : base(message) { }
    public ServerStartException(string message, Exception inner) : base(message, inner) { }
    public ServerStartException() { }
}
