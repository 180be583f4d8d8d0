using System.ComponentModel.DataAnnotations;
using System.Text;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.OrderEntry;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Checks every gateway setting at start-up and reports all problems at once.</summary>
public static class GatewayOptionsValidator
{
    public static List<string> Validate(GatewayOptions gateway, JwtOptions jwt, StreamOptions stream, OrderEntryOptions orders)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(orders);
        var errors = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(gateway, new ValidationContext(gateway), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"{GatewayOptions.SectionName}: {r.ErrorMessage}"));
        }

        if (!Uri.TryCreate(gateway.MarketServiceUrl, UriKind.Absolute, out var market) || market.Scheme is not ("http" or "https"))
        {
            errors.Add($"Gateway:MarketServiceUrl must be an absolute http(s) address (was '{gateway.MarketServiceUrl}').");
        }

        Positive(errors, "Gateway:UpstreamTimeout", gateway.UpstreamTimeout);
        Positive(errors, "Gateway:MarketHealthTimeout", gateway.MarketHealthTimeout);
        if (gateway.MarketHealthTimeout > gateway.UpstreamTimeout)
        {
            errors.Add("Gateway:MarketHealthTimeout must not exceed Gateway:UpstreamTimeout.");
        }

        if (gateway.MarketHealthProbeInterval < TimeSpan.Zero)
        {
            errors.Add($"Gateway:MarketHealthProbeInterval must not be negative (was {gateway.MarketHealthProbeInterval}; 0 turns the probe off).");
        }

        errors.AddRange(ValidateJwt(jwt));
        AtLeastOne(errors, "Gateway:Stream:MaxSymbolsPerClient", stream.MaxSymbolsPerClient);
        AtLeastOne(errors, "Gateway:Stream:MaxClients", stream.MaxClients);
        AtLeastOne(errors, "Gateway:Stream:MaxClientMessageBytes", stream.MaxClientMessageBytes);
        Positive(errors, "Gateway:Stream:MaxClientLag", stream.MaxClientLag);
        Positive(errors, "Gateway:Stream:CloseTimeout", stream.CloseTimeout);
        Positive(errors, "Gateway:Stream:WatchInterval", stream.WatchInterval);
        if (stream.SendInterval < TimeSpan.Zero || stream.SendInterval > TimeSpan.FromSeconds(1))
        {
            errors.Add($"Gateway:Stream:SendInterval must be between 00:00:00 and 00:00:01 (it delays every client's prices), not {stream.SendInterval}.");
        }
        else if (stream.MaxClientLag > TimeSpan.Zero && stream.SendInterval >= stream.MaxClientLag)
        {
            // A price may wait one interval for its message: a lag limit no longer than that would drop healthy clients.
            errors.Add($"Gateway:Stream:SendInterval ({stream.SendInterval}) must be shorter than Gateway:Stream:MaxClientLag ({stream.MaxClientLag}).");
        }

        if (stream.SocketSendBufferBytes is < 1024)
        {
            errors.Add("Gateway:Stream:SocketSendBufferBytes must be at least 1024 when set.");
        }

        AtLeastOne(errors, "Gateway:OrderEntry:BurstLimit", orders.BurstLimit);
        AtLeastOne(errors, "Gateway:OrderEntry:TokensPerPeriod", orders.TokensPerPeriod);
        Positive(errors, "Gateway:OrderEntry:ReplenishPeriod", orders.ReplenishPeriod);
        return errors;
    }

    /// <summary>The client token settings alone, for <c>tickwatch token</c>.</summary>
    public static List<string> ValidateJwt(JwtOptions jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var errors = new List<string>();
        if (string.IsNullOrEmpty(jwt.SigningKey))
        {
            errors.Add("Jwt:SigningKey is not set: set it in the environment (TICKWATCH_Jwt__SigningKey), at least 32 characters; `tickwatch token` must use the same key.");
        }
        else if (Encoding.UTF8.GetByteCount(jwt.SigningKey) < JwtOptions.MinSigningKeyBytes)
        {
            errors.Add($"Jwt:SigningKey must be at least {JwtOptions.MinSigningKeyBytes} bytes long.");
        }

        if (string.IsNullOrWhiteSpace(jwt.Issuer) || string.IsNullOrWhiteSpace(jwt.Audience))
        {
            errors.Add("Jwt:Issuer and Jwt:Audience must not be empty.");
        }

        Positive(errors, "Jwt:TokenLifetime", jwt.TokenLifetime);
        if (jwt.ClockSkew < TimeSpan.Zero)
        {
            errors.Add("Jwt:ClockSkew must not be negative.");
        }

        return errors;
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be positive (was {value}).");
        }
    }

    private static void AtLeastOne(List<string> errors, string key, int value)
    {
        if (value < 1)
        {
            errors.Add($"{key} must be at least 1 (was {value}).");
        }
    }
}
