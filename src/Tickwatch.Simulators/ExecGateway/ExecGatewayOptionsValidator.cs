using System.Net;
using Microsoft.Extensions.Options;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>Checks <see cref="ExecGatewayOptions"/> and reports every problem at once.</summary>
public sealed class ExecGatewayOptionsValidator : IValidateOptions<ExecGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, ExecGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>All problems with <paramref name="options"/>, each naming its setting; empty when valid.</summary>
    public static List<string> Collect(ExecGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var parsed = IPAddress.TryParse(options.BindAddress, out var address);
        var loopback = options.BindAddress == "localhost" || (parsed && IPAddress.IsLoopback(address!));
        if (options.BindAddress != "localhost" && !parsed)
        {
            errors.Add($"ExecGateway:BindAddress '{options.BindAddress}' is neither an IP address nor 'localhost'.");
        }

        if (options.Token is not null && (options.Token.Length == 0 || options.Token.Any(char.IsWhiteSpace)))
        {
            errors.Add("ExecGateway:Token must be non-empty and contain no white space when set.");
        }
        else if (options.Token is null && !loopback)
        {
            // Anyone who can reach the port could otherwise reject, delay or drop every order.
            errors.Add($"ExecGateway:Token is required when ExecGateway:BindAddress '{options.BindAddress}' is not a loopback address: set TICKWATCH_ExecGateway__Token.");
        }

        Range(errors, "Port", options.Port, 0, 65535);
        Range(errors, "ControlPort", options.ControlPort, 0, 65535);
        if (options.Port != 0 && options.Port == options.ControlPort)
        {
            errors.Add($"ExecGateway:Port and ExecGateway:ControlPort are both {options.Port}; the link and the control API need a port each.");
        }

        if (options.UnixSocketPath is { } path && (path.Length == 0 || path.Length > 100))
        {
            errors.Add("ExecGateway:UnixSocketPath must be 1 to 100 characters when set.");
        }

        Range(errors, "MaxFrameBytes", options.MaxFrameBytes, 1024, 16 * 1024 * 1024);
        Range(errors, "MaxConnections", options.MaxConnections, 1, 1000);
        Range(errors, "MaxQueuedReports", options.MaxQueuedReports, 1, 10_000_000);
        Range(errors, "MaxRememberedRequests", options.MaxRememberedRequests, 1, 10_000_000);
        if (options.MaxSlippage < 0m)
        {
            errors.Add($"ExecGateway:MaxSlippage {options.MaxSlippage} must not be negative.");
        }

        if (options.PriceFeed.Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != "ws" && url.Scheme != "wss")))
        {
            errors.Add($"ExecGateway:PriceFeed:Url '{url}' must be an absolute ws:// or wss:// address.");
        }

        return errors;
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"ExecGateway:{key} {value} is outside {min}..{max}.");
        }
    }
}
