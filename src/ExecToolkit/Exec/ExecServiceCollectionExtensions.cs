using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExecToolkit;

/// <summary>Registers <see cref="SipExec"/> as a singleton with its options.</summary>
public static class ExecServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SipExec"/>, its options bound from <paramref name="configuration"/> (for example the <c>Exec</c> section) and an optional callback.</summary>
    public static IServiceCollection AddExec(this IServiceCollection services, IConfiguration configuration, Action<ExecOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ExecOptions>().Bind(configuration);
        return services.AddExec(configure);
    }

    /// <summary>Adds <see cref="SipExec"/> with options set in code.</summary>
    public static IServiceCollection AddExec(this IServiceCollection services, Action<ExecOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<ExecOptions> options = services.AddOptions<ExecOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o =>
        {
            o.Validate();
            return true;
        });
        // The host's IMeterFactory when it has one (Generic Host, ASP.NET Core): the meter is then the container's.
        services.TryAddSingleton(sp => new SipExec(sp.GetRequiredService<IOptions<ExecOptions>>().Value, sp.GetService<ILogger<SipExec>>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }
}
