using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// The roles one process runs (<c>tickwatch up</c>), in the order they were started: each is stopped in the reverse
/// order, within its own timeout, so that a role lets go of what it uses before the role it uses stops.
/// </summary>
internal sealed class RunningRoles(TimeSpan stopTimeout) : IAsyncDisposable
{
    private readonly List<(string Name, WebApplication App)> _roles = [];

    /// <summary>Lets the process, not the role, answer Ctrl+C and SIGTERM: give it to each role's builder.</summary>
    public static void OwnLifetime(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IHostLifetime, ProcessOwnedLifetime>();
    }

    /// <summary>Builds a role with <paramref name="build"/>, starts it and adds it to the list; a role that fails to start is disposed.</summary>
    public async Task<WebApplication> StartAsync(string name, Func<WebApplication> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        var app = build();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _roles.Add((name, app));
        return app;
    }

    /// <summary>
    /// Completes when any role begins to stop, or on Ctrl+C or SIGTERM (which the roles no longer answer themselves,
    /// see <see cref="OwnLifetime"/>), or when <paramref name="cancellationToken"/> is cancelled; stops nothing itself.
    /// </summary>
    public async Task WaitForAnyShutdownAsync(CancellationToken cancellationToken)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registrations = _roles.Select(r => (IDisposable)r.App.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult())).ToList();
        registrations.Add(cancellationToken.Register(() => stopping.TrySetResult()));
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGTERM })
        {
            // The process goes on to stop its roles in order; a second signal, once these are gone, ends it at once.
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                stopping.TrySetResult();
            }));
        }

        try
        {
            await stopping.Task.ConfigureAwait(false);
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
        }
    }

    /// <summary>Stops and disposes every role, last started first, each within the stop timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _roles.Count - 1; i >= 0; i--)
        {
            var app = _roles[i].App;
            using (var stopping = new CancellationTokenSource(stopTimeout))
            {
                await app.StopAsync(stopping.Token).ConfigureAwait(false);
            }

            await app.DisposeAsync().ConfigureAwait(false);
        }

        _roles.Clear();
    }
}
