using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// The roles one process runs (<c>tickwatch up</c>), in the order they were started: each is stopped in the reverse
/// order, within its own timeout, so that a role lets go of what it uses before the role it uses stops.
/// </summary>
internal sealed class RunningRoles(TimeSpan stopTimeout) : IAsyncDisposable
{
    private readonly List<(string Name, WebApplication App)> _roles = [];

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

    /// <summary>Completes when any role stops (or <paramref name="cancellationToken"/> is cancelled: Ctrl+C).</summary>
    public Task WaitForAnyShutdownAsync(CancellationToken cancellationToken) =>
        Task.WhenAny(_roles.Select(r => r.App.WaitForShutdownAsync(cancellationToken)));

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
