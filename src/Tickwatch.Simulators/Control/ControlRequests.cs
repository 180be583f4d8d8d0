using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Simulators.Control;

/// <summary>
/// The hardening every simulator's <c>/control</c> API shares: the token off loopback, JSON bodies only, at most
/// <see cref="MaxBodyBytes"/> (also when chunked), unknown fields refused, and problem details for every refusal.
/// </summary>
public static class ControlRequests
{
    /// <summary>Largest control request body: a fault, rate, price or reject request is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 4096;

    private static readonly PathString ControlPath = "/control";
    private static readonly PathString StatusPath = "/control/status";

    /// <summary>The level of a simulator's request line: control calls are someone's doing (Information); feed connections and status polls are machines' (Debug).</summary>
    public static LogLevel LevelOf(PathString path) =>
        path.StartsWithSegments(ControlPath, StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments(StatusPath, StringComparison.OrdinalIgnoreCase)
            ? LogLevel.Information
            : LogLevel.Debug;

    /// <summary>Lets a request through from loopback, or with <paramref name="token"/> as <c>?token=</c> or a bearer token; 401 otherwise.</summary>
    public static RouteGroupBuilder RequireControlToken(this RouteGroupBuilder group, string? token, string what)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.AddEndpointFilter(async (context, next) =>
            IsAuthorized(context.HttpContext, token)
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: $"From another host than loopback, pass the {what}'s token as ?token= or a bearer token."));
        return group;
    }

    /// <summary>True when <paramref name="given"/> is <paramref name="required"/> (compared in constant time), or nothing is required.</summary>
    public static bool TokenMatches(string? given, string? required)
    {
        if (required is null)
        {
            return true;
        }

        return given is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(required));
    }

    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadBodyAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the body as Content-Type: application/json, not '{request.ContentType}'."));
        }

        // Also bounds a chunked body, which announces no length: Kestrel stops reading past it.
        if (request.ContentLength > MaxBodyBytes || !LimitBody(request))
        {
            return (null, BodyTooLarge());
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, ControlJson.Options, request.HttpContext.RequestAborted);
            return body is null
                ? (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body must be a JSON object, not null."))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body is not a valid request: " + ex.Message));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, BodyTooLarge());
        }
    }

    private static bool LimitBody(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
            return true;
        }

        // Already being read: only a body whose length is known can be let through.
        return request.ContentLength is not null;
    }

    private static ProblemHttpResult BodyTooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"A control request body is at most {MaxBodyBytes} bytes.");

    private static bool IsAuthorized(HttpContext context, string? token)
    {
        if (token is null || (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)))
        {
            return true;
        }

        var given = context.Request.Query["token"].ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            given = authorization["Bearer ".Length..].Trim();
        }

        return TokenMatches(given, token);
    }
}
