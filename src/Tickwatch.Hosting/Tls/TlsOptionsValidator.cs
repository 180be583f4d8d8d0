using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Hosting.Tls;

/// <summary>Checks that <see cref="TlsOptions"/> name a certificate when they name a key; reading the files is <see cref="ServerCertificate"/>'s.</summary>
public sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CertificatePath) && !string.IsNullOrWhiteSpace(options.KeyPath))
        {
            errors.Add("Tls:KeyPath is set but Tls:CertificatePath is not: set Tls:CertificatePath to the PEM certificate that goes with the key.");
        }

        return OptionsValidation.Result(errors);
    }
}
