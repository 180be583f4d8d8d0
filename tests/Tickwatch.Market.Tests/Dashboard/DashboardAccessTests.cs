using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Market.Tests.Support;

namespace Tickwatch.Market.Tests.Dashboard;

/// <summary>The page is public; its data is an operator endpoint like the rest of <c>/api/debug</c>.</summary>
public sealed class DashboardAccessTests : IAsyncLifetime
{
    private const string OperatorToken = "operator-token-for-tests";

    private MarketHost _market = null!;

    public async Task InitializeAsync() =>
        _market = await MarketHost.StartAsync(
            new Dictionary<string, string?> { ["Operator:Token"] = OperatorToken },
            services => services.AddSingleton<IStartupFilter, CallerFromElsewhere>());

    public async Task DisposeAsync() => await _market.DisposeAsync();

    [Fact]
    public async Task A_caller_from_elsewhere_gets_the_page_but_its_data_only_with_the_operator_token()
    {
        using var page = await GetAsync("/", token: null);
        using var script = await GetAsync("/dashboard/dashboard.js", token: null);
        using var missing = await GetAsync("/api/debug/dashboard", token: null);
        using var wrong = await GetAsync("/api/debug/dashboard", token: "not-the-token");
        using var granted = await GetAsync("/api/debug/dashboard", OperatorToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _market.Http.SendAsync(request);
    }

    /// <summary>Every request looks as if it came from a documentation-range address (RFC 5737): tests run on loopback only.</summary>
    private sealed class CallerFromElsewhere : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
                return following(context);
            });
            next(app);
        };
    }
}
