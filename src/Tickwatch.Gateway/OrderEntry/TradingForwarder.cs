using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.MarketService;
using Tickwatch.Hosting.Access;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Gateway.OrderEntry;

/// <summary>
/// Sends a client's order request to the market service's trading routes for the client's own account (from its
/// token, never from the request), as an operator: the market service's answer (the order, or the refusal with its
/// reason) goes back to the client as it came.
/// </summary>
/// <remarks>
/// With several market services (<see cref="MarketServiceEndpoints"/>) a request that cannot connect, or is answered
/// 503, is sent to the next: both mean no order was taken (a 503 is the market service's "store unavailable, retry"),
/// and the client's Idempotency-Key goes with it, so a repeat is answered as one; when the next cannot be reached at
/// all, the client gets the 503. A request with an Idempotency-Key whose
/// connection broke after it was sent (a market service killed mid-request, a pooled connection to a dead one) is sent to
/// the next too: the trading engine keeps each key's first answer in the shared store and answers a repeat with it, so
/// the order is placed once whichever service took it. One without a key that may have been sent is answered 502, and a
/// request that timed out is not sent again (it may be under way).
/// </remarks>
public sealed class TradingForwarder(HttpClient http, IOptions<OperatorAccessOptions> operatorAccess, MarketServiceEndpoints markets)
{
    /// <summary>The market service's trading prefix.</summary>
    public const string MarketPrefix = "/api/trading/accounts/";

    private const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly string[] ForwardedHeaders = [IdempotencyKeyHeader];
    private static readonly string[] ReturnedHeaders = ["Idempotent-Replayed", "Location"];

    /// <summary>
    /// Forwards the request to <paramref name="path"/> under the account's trading routes, its query string as it came
    /// (the account is in the path, so no query can name another), and writes the answer.
    /// </summary>
    public async Task ForwardAsync(HttpContext context, AccountId account, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var relative = MarketPrefix + Uri.EscapeDataString(account.ToString()) + path + request.QueryString.ToUriComponent();
        byte[]? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            // Read once: each market service tried is sent the same bytes.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        var keyed = !string.IsNullOrEmpty(request.Headers[IdempotencyKeyHeader].ToString());
        var candidates = markets.InCallOrder();
        HttpResponseMessage? response = null;

        // A 503 ("nothing done, retry") kept while the next is tried: if that one cannot even be reached, the client is
        // told the 503 it can act on, not a 502 about a service that is down.
        HttpResponseMessage? unavailable = null;
        try
        {
            for (var i = 0; i < candidates.Length && response is null; i++)
            {
                var last = i == candidates.Length - 1;
                using var message = Message(context, new Uri(candidates[i], relative.TrimStart('/')), body);
                try
                {
                    response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (!last && (NeverSent(e) || HttpMethods.IsGet(request.Method) || (keyed && ConnectionBroke(e))))
                {
                    // Not connected (nothing was sent), a read, or a keyed request the engine answers once: the next market service is asked.
                    continue;
                }
                catch (HttpRequestException e) when (unavailable is not null && NeverSent(e))
                {
                    response = unavailable;
                    unavailable = null;
                    break;
                }
                catch (HttpRequestException e)
                {
                    await Results.Problem($"The market service did not answer: {e.Message}", statusCode: StatusCodes.Status502BadGateway, title: "Trading unavailable")
                        .ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await Results.Problem($"The market service did not answer within {http.Timeout.TotalSeconds} s.", statusCode: StatusCodes.Status504GatewayTimeout, title: "Trading unavailable")
                        .ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && !last)
                {
                    unavailable?.Dispose();
                    unavailable = response;
                    response = null;
                    continue;
                }

                markets.Answered(candidates[i]);
            }
        }
        finally
        {
            unavailable?.Dispose();
        }

        // The last candidate always answers or returns above; the loop ends only with a response.
        using (response ?? throw new InvalidOperationException("No market service was tried."))
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var name in ReturnedHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    context.Response.Headers[name] = string.Join(',', values).Replace(MarketPrefix, "/api/orders/", StringComparison.Ordinal);
                }
            }

            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }

            await response.Content.CopyToAsync(context.Response.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool NeverSent(HttpRequestException e) => e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;

    // The connection failed or was cut before an answer came (reset, closed mid-response), not an answer the service gave.
    private static bool ConnectionBroke(HttpRequestException e) =>
        NeverSent(e)
        || e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.SecureConnectionError
        || e.InnerException is IOException or SocketException;

    private HttpRequestMessage Message(HttpContext context, Uri address, byte[]? body)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(new HttpMethod(request.Method), address);
        if (operatorAccess.Value.Token is { Length: > 0 } token)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        message.Headers.TryAddWithoutValidation(RequestCorrelation.HeaderName, RequestCorrelation.Of(context));
        foreach (var name in ForwardedHeaders)
        {
            if (request.Headers.TryGetValue(name, out var value))
            {
                message.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }

        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        }

        return message;
    }
}
