using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Tickwatch.Hosting.Access;

/// <summary>
/// The door of debug and admin routes: a <c>Host</c> in <see cref="OperatorAccessOptions.AllowedHosts"/>, no foreign
/// <c>Origin</c>, and then either a trusted loopback caller or the operator bearer token.
/// </summary>
public sealed class OperatorAccessFilter : IEndpointFilter
{
    /// <summary>Headers a proxy adds to say who the caller really is: a request carrying one is never a loopback caller.</summary>
    public static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded", "X-Real-IP"];

    private static readonly object AdmittedAsLoopbackKey = new();

    private readonly OperatorAccessOptions _options;
    private readonly StringSegment[] _hosts;
    private readonly HashSet<string> _origins;

    public OperatorAccessFilter(IOptions<OperatorAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _hosts = [.. OperatorAccessOptions.Entries(_options.AllowedHosts).Select(h => new StringSegment(h))];
        _origins = new HashSet<string>(OperatorAccessOptions.Entries(_options.AllowedOrigins).Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return Check(context.HttpContext) is { } refusal ? ValueTask.FromResult<object?>(refusal) : next(context);
    }

    /// <summary>Null when <paramref name="http"/> may pass, else the problem details that refuse it and say why.</summary>
    public IResult? Check(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (!request.Host.HasValue || !HostString.MatchesAny(new StringSegment(request.Host.Value), _hosts))
        {
            return Refused(
                StatusCodes.Status403Forbidden,
                "Host not allowed",
                $"Debug and admin routes answer only the host names in Operator:AllowedHosts, not '{request.Host.Value}'.");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(request, origin))
        {
            return Refused(
                StatusCodes.Status403Forbidden,
                "Origin not allowed",
                $"A page from '{origin}' may not call debug and admin routes: only this service's own pages and Operator:AllowedOrigins may.");
        }

        if (_options.TrustLoopback && IsLoopback(http.Connection.RemoteIpAddress) && !IsForwarded(request))
        {
            http.Items[AdmittedAsLoopbackKey] = true;
            return null;
        }

        var expected = _options.Token;
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(expected) || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Refused(StatusCodes.Status401Unauthorized, "Operator token required", "Send Authorization: Bearer with the operator token (Operator:Token).");
        }

        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..]);
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(expected))
            ? null
            : Refused(StatusCodes.Status403Forbidden, "Forbidden", null);
    }

    /// <summary>Whether <see cref="Check"/> let <paramref name="http"/> in as a trusted loopback caller, rather than by its token.</summary>
    public static bool AdmittedAsLoopback(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.ContainsKey(AdmittedAsLoopbackKey);
    }

    private bool IsAllowedOrigin(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase) || _origins.Contains(origin.TrimEnd('/'));

    private static bool IsForwarded(HttpRequest request)
    {
        foreach (var name in ForwardingHeaders)
        {
            if (request.Headers.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    private static IResult Refused(int status, string title, string? detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
