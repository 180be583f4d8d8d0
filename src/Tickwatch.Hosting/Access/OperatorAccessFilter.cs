using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Tickwatch.Hosting.Access;

/// <summary>Lets loopback callers through; everyone else must present the operator bearer token.</summary>
public sealed class OperatorAccessFilter(IOptions<OperatorAccessOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (IsLoopback(http.Connection.RemoteIpAddress))
        {
            return next(context);
        }

        var expected = options.Value.Token;
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(expected) || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Operator token required"));
        }

        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..]);
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(expected))
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"));
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
