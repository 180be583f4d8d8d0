using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Hosting.Access;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Gateway.OrderEntry;

/// <summary>
/// Sends a client's order request to the market service's trading routes for the client's own account (from its
/// token, never from the request), as an operator: the market service's answer (the order, or the refusal with its
/// reason) goes back to the client as it came.
/// </summary>
public sealed class TradingForwarder(HttpClient http, IOptions<OperatorAccessOptions> operatorAccess)
{
    /// <summary>The market service's trading prefix.</summary>
    public const string MarketPrefix = "/api/trading/accounts/";

    private static readonly string[] ForwardedHeaders = ["Idempotency-Key"];
    private static readonly string[] ReturnedHeaders = ["Idempotent-Replayed", "Location"];

    /// <summary>
    /// Forwards the request to <paramref name="path"/> under the account's trading routes, its query string as it came
    /// (the account is in the path, so no query can name another), and writes the answer.
    /// </summary>
    public async Task ForwardAsync(HttpContext context, AccountId account, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(MarketPrefix + Uri.EscapeDataString(account.ToString()) + path + request.QueryString.ToUriComponent(), UriKind.Relative));
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

        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            message.Content = new ByteArrayContent(body.ToArray());
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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

        using (response)
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
}
