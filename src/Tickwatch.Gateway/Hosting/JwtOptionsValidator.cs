using System.Text;
using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Auth;
using Tickwatch.Hosting.Options;
using static Tickwatch.Gateway.Hosting.OptionChecks;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Checks the client token settings (section <c>Jwt</c>), for the gateway and <c>tickwatch token</c> alike.</summary>
public sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options) => OptionsValidation.Result(Errors(options));

    /// <summary>Every problem of <paramref name="jwt"/>; empty when none.</summary>
    public static List<string> Errors(JwtOptions jwt)
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
}
