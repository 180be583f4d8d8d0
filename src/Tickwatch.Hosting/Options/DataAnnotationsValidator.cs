using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Tickwatch.Hosting.Options;

/// <summary>The <c>[Required]</c>/<c>[Range]</c> attributes of <typeparamref name="T"/>, each problem prefixed with its section (<c>Market: …</c>).</summary>
/// <param name="section">The section named in each message.</param>
public sealed class DataAnnotationsValidator<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return OptionsValidation.Result([.. results.Select(r => $"{section}: {r.ErrorMessage}")]);
    }
}
