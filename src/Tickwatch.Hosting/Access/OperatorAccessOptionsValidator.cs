using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Hosting.Access;

/// <summary>Checks <see cref="OperatorAccessOptions"/>: a token long enough to be a secret, a host list, and origins that are origins.</summary>
public sealed class OperatorAccessOptionsValidator : IValidateOptions<OperatorAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Token is { Length: > 0 } token && (token.Length < OperatorAccessOptions.MinTokenLength || token.Any(char.IsWhiteSpace)))
        {
            errors.Add($"Operator:Token must be at least {OperatorAccessOptions.MinTokenLength} characters without white space (set it in the environment, TICKWATCH_Operator__Token).");
        }

        if (OperatorAccessOptions.Entries(options.AllowedHosts).Length == 0)
        {
            errors.Add($"Operator:AllowedHosts is empty: list the host names operators call debug routes by (default '{OperatorAccessOptions.LoopbackHosts}', '*' for any).");
        }

        foreach (var origin in OperatorAccessOptions.Entries(options.AllowedOrigins))
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.Equals(uri.GetLeftPart(UriPartial.Authority), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"Operator:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port], nothing after it).");
            }
        }

        return OptionsValidation.Result(errors);
    }
}
