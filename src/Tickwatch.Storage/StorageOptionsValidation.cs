using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage;

/// <summary>Every problem of the storage sections (<c>Redis</c>, <c>StoreWriter</c>), so that a host can report them with its own in one list.</summary>
public static class StorageOptionsValidation
{
    /// <summary>The problems of the storage settings in <paramref name="configuration"/>; empty when there are none.</summary>
    public static IReadOnlyList<string> Errors(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var redis = configuration.GetSection(RedisStoreOptions.SectionName).Get<RedisStoreOptions>() ?? new RedisStoreOptions();
        errors.AddRange(new RedisStoreOptionsValidator(configuration).Errors(redis));

        var writer = configuration.GetSection(PriceStoreWriterOptions.SectionName).Get<PriceStoreWriterOptions>() ?? new PriceStoreWriterOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(writer, new ValidationContext(writer), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"{PriceStoreWriterOptions.SectionName}: {r.ErrorMessage}"));
        }

        if (new PriceStoreWriterOptionsValidator().Validate(null, writer) is { Failed: true } failed)
        {
            errors.AddRange(failed.Failures);
        }

        return errors;
    }
}
