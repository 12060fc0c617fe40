using Microsoft.Extensions.Options;

namespace MlSystems;

/// <summary>
/// Validates options at start-up by running their own check, which throws an <see cref="ArgumentException"/> naming
/// the option: the failure reads "<c>TOptions 'name': message</c>" (the name left out for unnamed options). Linked into
/// the packages whose options check themselves.
/// </summary>
internal abstract class ArgumentOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            Check(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            string subject = string.IsNullOrEmpty(name) ? typeof(TOptions).Name : $"{typeof(TOptions).Name} '{name}'";
            return ValidateOptionsResult.Fail($"{subject}: {exception.Message}");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    protected abstract void Check(TOptions options);
}
