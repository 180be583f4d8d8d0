using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>
/// Makes a request carrying <c>X-Test-Remote-Address</c> look as if it came from that address: tests run on loopback
/// only, and the operator rule is about callers from elsewhere.
/// </summary>
internal sealed class SimulatedRemoteAddress : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    /// <summary>An address of the documentation range (RFC 5737), never a real caller.</summary>
    public const string Elsewhere = "203.0.113.7";

    public static void AddTo(WebApplicationBuilder builder) => builder.Services.AddSingleton<IStartupFilter, SimulatedRemoteAddress>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address) && IPAddress.TryParse(address, out var parsed))
            {
                context.Connection.RemoteIpAddress = parsed;
            }

            return following(context);
        });
        next(app);
    };
}
