using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.MarketService;
using Tickwatch.Hosting.Access;
using Tickwatch.Hosting.Correlation;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Tickwatch.Gateway.Proxy;

/// <summary>
/// The market service's routes, served through the gateway under <c>/market</c> so that clients need one address:
/// <c>/market/health</c> for anyone, <c>/market/api/debug/*</c> for operators (loopback, or the operator token, exactly
/// as on the market service itself; see <see cref="ProxiedCaller"/>). <c>/market/health/ready</c> is the gateway's own,
/// cached (<see cref="MarketService.MarketReadinessEndpoints"/>).
/// </summary>
/// <remarks>
/// With several market services each is a destination; a request goes to the one calls go to first
/// (<see cref="MarketServiceEndpoints"/>), and one that could not connect there, having no body, is sent on to the next;
/// so is a read (GET, HEAD) answered 503 (a market service stopping, or not ready), unless it is the last. Other answers
/// are relayed as they come, and the last one's 503 too.
/// </remarks>
public static class MarketProxy
{
    public const string Prefix = "/market";

    private const string ClusterId = "market";
    private const string OperatorMetadata = "Operator";

    // HttpContext.Items: this attempt's 503 may go to the next market service (set by FailOverAsync), and it was one (by the transform).
    private const string NextOn503 = "Tickwatch.MarketProxy.NextOn503";
    private const string Answered503 = "Tickwatch.MarketProxy.Answered503";

    /// <summary>Routes and the market cluster, every call carrying the request's correlation id and bounded by the upstream timeout.</summary>
    /// <param name="services">The gateway's services.</param>
    /// <param name="options">The gateway's options: the market service's address and the upstream timeout.</param>
    /// <param name="marketTrust">The authorities an <c>https://</c> market service's certificate must chain to; null for the system's.</param>
    public static IServiceCollection AddMarketProxy(this IServiceCollection services, GatewayOptions options, X509ChainPolicy? marketTrust = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        RouteConfig[] routes =
        [
            new RouteConfig
            {
                RouteId = "market-health",
                ClusterId = ClusterId,
                Match = new RouteMatch { Path = Prefix + "/health/{**rest}", Methods = ["GET", "HEAD"] },
            }.WithTransformPathRemovePrefix(Prefix),
            new RouteConfig
            {
                RouteId = "market-debug",
                ClusterId = ClusterId,
                Match = new RouteMatch { Path = Prefix + "/api/debug/{**rest}" },
                Metadata = new Dictionary<string, string> { [OperatorMetadata] = "true" },
            }.WithTransformPathRemovePrefix(Prefix),
        ];
        ClusterConfig[] clusters =
        [
            new ClusterConfig
            {
                ClusterId = ClusterId,
                Destinations = options.EffectiveMarketServiceUrls
                    .Select((url, i) => (url, i))
                    .ToDictionary(d => DestinationId(d.i), d => new DestinationConfig { Address = d.url }, StringComparer.Ordinal),
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.UpstreamTimeout },
            },
        ];
        services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .ConfigureHttpClient((_, handler) => handler.SslOptions.CertificateChainPolicy = marketTrust)
            .AddTransforms(context => context
                .AddCallerTransforms()
                .AddRequestTransform(transform =>
                {
                    // The gateway's id replaces whatever the client sent: it is the one in the gateway's log.
                    var headers = transform.ProxyRequest.Headers;
                    headers.Remove(RequestCorrelation.HeaderName);
                    headers.TryAddWithoutValidation(RequestCorrelation.HeaderName, RequestCorrelation.Of(transform.HttpContext));
                    return ValueTask.CompletedTask;
                })
                .AddResponseTransform(transform =>
                {
                    // The market service echoes the same id; copied as it is, the client would get it twice.
                    transform.HttpContext.Response.Headers[RequestCorrelation.HeaderName] = RequestCorrelation.Of(transform.HttpContext);
                    if (transform.ProxyResponse?.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && transform.HttpContext.Items.ContainsKey(NextOn503))
                    {
                        // Nothing of it reaches the client: the next market service is asked instead.
                        transform.SuppressResponseBody = true;
                        transform.HttpContext.Items[Answered503] = true;
                    }

                    return ValueTask.CompletedTask;
                }));
        return services;
    }

    /// <summary>Maps the proxied routes; operator routes pass the same check as the gateway's own debug routes.</summary>
    public static WebApplication MapMarketProxy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(RequireOperatorAsync);
            pipeline.Use(FailOverAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }

    private static string DestinationId(int index) => "market-service-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // One destination at a time, in the endpoints' order; the next only when the last could not connect and nothing was
    // sent back, or answered a read 503 (kept from the client by the response transform).
    private static async Task FailOverAsync(HttpContext context, Func<Task> next)
    {
        var feature = context.GetReverseProxyFeature();
        var markets = context.RequestServices.GetRequiredService<MarketServiceEndpoints>();
        var destinations = feature.AvailableDestinations;
        var ordered = markets.InCallOrder()
            .Select(uri => destinations.FirstOrDefault(d => SameAddress(d.Model.Config.Address, uri)))
            .OfType<DestinationState>()
            .ToArray();
        var bodiless = context.Request.ContentLength is null or 0 && context.Request.Headers.TransferEncoding.Count == 0;
        var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        for (var i = 0; i < ordered.Length; i++)
        {
            var more = i < ordered.Length - 1;
            if (more && read)
            {
                context.Items[NextOn503] = true;
            }
            else
            {
                context.Items.Remove(NextOn503);
            }

            context.Items.Remove(Answered503);
            feature.AvailableDestinations = [ordered[i]];
            await next().ConfigureAwait(false);
            var error = context.Features.Get<IForwarderErrorFeature>();
            var unavailable = context.Items.ContainsKey(Answered503);
            var retry = more && !context.Response.HasStarted
                && (unavailable
                    || (bodiless && error?.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }));
            if (!retry)
            {
                if (error is null)
                {
                    markets.Answered(new Uri(ordered[i].Model.Config.Address.TrimEnd('/') + "/"));
                }

                return;
            }

            context.Features.Set<IForwarderErrorFeature>(null);

            // The 503's status and headers were copied, never sent: the next answer starts clean.
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    private static bool SameAddress(string address, Uri market) => string.Equals(address.TrimEnd('/') + "/", market.ToString(), StringComparison.OrdinalIgnoreCase);

    private static async Task RequireOperatorAsync(HttpContext context, Func<Task> next)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (route.Metadata?.TryGetValue(OperatorMetadata, out var required) == true && required == "true")
        {
            if (context.RequestServices.GetRequiredService<OperatorAccessFilter>().Check(context) is { } refused)
            {
                await refused.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        await next().ConfigureAwait(false);
    }
}
