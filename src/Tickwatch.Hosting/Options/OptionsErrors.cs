using Microsoft.Extensions.Options;

namespace Tickwatch.Hosting.Options;

/// <summary>
/// The options collector of a host: every area's <c>AddX(services, configuration)</c> hands it its problems, and the
/// host refuses to start with all of them at once (<see cref="ThrowIfAny"/>).
/// </summary>
public sealed class OptionsErrors
{
    private readonly List<string> _errors = [];

    /// <summary>Every problem taken so far, in the order the areas were added.</summary>
    public IReadOnlyList<string> All => _errors;

    /// <summary>Takes <paramref name="bound"/>'s problems and returns its options.</summary>
    public T Take<T>(BoundOptions<T> bound)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(bound);
        _errors.AddRange(bound.Errors);
        return bound.Value;
    }

    /// <summary>Takes the problems of an area that returns no options of its own.</summary>
    public void Take(IEnumerable<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errors.AddRange(errors);
    }

    /// <summary>Throws an <see cref="OptionsValidationException"/> listing every problem when there is one.</summary>
    /// <param name="optionsType">The host's own options type, named in the exception.</param>
    public void ThrowIfAny(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        if (_errors.Count > 0)
        {
            throw new OptionsValidationException("Tickwatch", optionsType, [.. _errors]);
        }
    }
}
