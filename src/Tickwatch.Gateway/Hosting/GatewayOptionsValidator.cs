using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;
using static Tickwatch.Gateway.Hosting.OptionChecks;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Checks where the gateway listens and how it reaches the market service, reporting every problem at once.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var listed = options.MarketServiceUrls.Count > 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.EffectiveMarketServiceUrls.Count; i++)
        {
            var url = options.EffectiveMarketServiceUrls[i];
            var setting = listed ? $"Gateway:MarketServiceUrls:{i}" : "Gateway:MarketServiceUrl";
            if (!Uri.TryCreate(url, UriKind.Absolute, out var market) || market.Scheme is not ("http" or "https"))
            {
                errors.Add($"{setting} must be an absolute http(s) address (was '{url}').");
            }
            else if (!seen.Add(market.GetLeftPart(UriPartial.Path).TrimEnd('/')))
            {
                errors.Add($"{setting} names a market service listed already ('{url}'): list each once.");
            }
            else if (market.Scheme == "http" && !string.IsNullOrWhiteSpace(options.MarketServiceTrustedCaPath))
            {
                // A CA to trust says the operator expects TLS: calling in clear text instead would betray that silently.
                errors.Add($"Gateway:MarketServiceTrustedCaPath is set but {setting} is plain http ('{url}'): use https:// (the market service with Market:Https), or remove the CA.");
            }
        }

        Positive(errors, "Gateway:UpstreamTimeout", options.UpstreamTimeout);
        Positive(errors, "Gateway:MarketHealthTimeout", options.MarketHealthTimeout);
        Positive(errors, "Gateway:MarketReadinessCacheTime", options.MarketReadinessCacheTime);
        if (options.MarketHealthTimeout > options.UpstreamTimeout)
        {
            errors.Add("Gateway:MarketHealthTimeout must not exceed Gateway:UpstreamTimeout.");
        }

        if (options.MarketHealthProbeInterval < TimeSpan.Zero)
        {
            errors.Add($"Gateway:MarketHealthProbeInterval must not be negative (was {options.MarketHealthProbeInterval}; 0 turns the probe off).");
        }

        return OptionsValidation.Result(errors);
    }
}
