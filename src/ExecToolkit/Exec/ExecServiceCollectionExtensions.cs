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
    /// <summary>
    /// Adds <see cref="SipExec"/> with its options bound from configuration: given the application's configuration
    /// (<c>builder.Configuration</c>), its <c>Exec</c> section (<see cref="ExecOptions.SectionName"/>); given a section
    /// (<c>configuration.GetSection("Sip:Exec")</c>), that section. A key that is not an option fails binding instead of
    /// being ignored, and every invalid value is reported at start with its configuration key.
    /// </summary>
    public static IServiceCollection AddExec(this IServiceCollection services, IConfiguration configuration, Action<ExecOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration as IConfigurationSection ?? configuration.GetSection(ExecOptions.SectionName);
        services.AddOptions<ExecOptions>().Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
        return services.AddExecCore(section.Path, configure);
    }

    /// <summary>Adds <see cref="SipExec"/> with options set in code; invalid values are reported when the host starts.</summary>
    public static IServiceCollection AddExec(this IServiceCollection services, Action<ExecOptions>? configure = null)
        => services.AddExecCore(null, configure);

    private static IServiceCollection AddExecCore(this IServiceCollection services, string? sectionPath, Action<ExecOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<ExecOptions> options = services.AddOptions<ExecOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Every problem at once, each with its key, when the host starts (ValidateOnStart), not one at first use. The
        // validator is plain code (no reflection over attributes), so it is trimming- and AOT-safe.
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExecOptions>>(new ExecOptionsValidator(sectionPath)));
        // The host's IMeterFactory when it has one (Generic Host, ASP.NET Core): the meter is then the container's. A
        // ShellExecutor in the container (a test's FakeShell) runs the commands instead of real processes.
        services.TryAddSingleton(sp => new SipExec(
            sp.GetRequiredService<IOptions<ExecOptions>>().Value,
            sp.GetService<ILogger<SipExec>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetService<ShellExecutor>()));
        return services;
    }

    private sealed class ExecOptionsValidator(string? sectionPath) : IValidateOptions<ExecOptions>
    {
        public ValidateOptionsResult Validate(string? name, ExecOptions options)
        {
            System.Collections.Generic.IReadOnlyList<string> problems = options.Problems(string.IsNullOrEmpty(sectionPath) ? "ExecOptions." : sectionPath + ":");
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
