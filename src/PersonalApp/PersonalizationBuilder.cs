using Microsoft.Extensions.DependencyInjection;
using PersonalApp.ExtensionPoints;

namespace PersonalApp;

/// <summary>Declares a host's extension points; returned by <c>services.AddPersonalization(...)</c>.</summary>
public sealed class PersonalizationBuilder
{
    private readonly ExtensionPointRegistry _registry;

    internal PersonalizationBuilder(IServiceCollection services, ExtensionPointRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    /// <summary>Gets the service collection, for further registrations.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Declares <typeparamref name="TContract"/>, an interface of the host's contract assembly, as an extension point.
    /// The contract text the model sees is derived from the interface and the XML documentation beside its assembly.
    /// </summary>
    /// <typeparam name="TContract">A public interface that generated plugins will implement.</typeparam>
    /// <param name="configure">Describes the extension point: name, description, keywords, worked examples, acceptance checks.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TContract"/> is not a public interface, or is declared twice.</exception>
    public PersonalizationBuilder AddExtensionPoint<TContract>(Action<ExtensionPointOptions<TContract>>? configure = null)
        where TContract : class
    {
        var options = new ExtensionPointOptions<TContract>();
        configure?.Invoke(options);
        _registry.Add(typeof(TContract), options);
        return this;
    }
}
