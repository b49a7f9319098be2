using Finance.Workflows.Engines;
using Finance.Workflows.Model;
using Finance.Workflows.Validation;

namespace Finance.Workflows.Versioning;

/// <summary>
/// The version rules, without storage: at most one published version per definition id; it starts new
/// instances; running instances keep the version they started on (STYLE.md 16), so publishing or
/// retiring never touches them.
/// </summary>
public static class FlowVersioning
{
    /// <summary>The version new instances start on: the published one, or <c>null</c> when none is.</summary>
    public static FlowDefinitionVersion? ForNewInstances(IEnumerable<FlowDefinitionVersion> versions) =>
        versions.Where(v => v.Status == FlowVersionStatus.Published).MaxBy(v => v.Version);

    /// <summary>The number the next draft gets: one above every version ever saved, so numbers are never reused.</summary>
    public static int NextVersionNumber(IEnumerable<FlowDefinitionVersion> versions) =>
        versions.Select(v => v.Version).DefaultIfEmpty(0).Max() + 1;

    /// <summary>A new draft with the next number, copied from <paramref name="source"/> (edit, or revert to an old version).</summary>
    public static FlowDefinitionVersion NewDraft(IEnumerable<FlowDefinitionVersion> versions, FlowDefinition source) =>
        new(source with { Version = NextVersionNumber(versions) }, FlowVersionStatus.Draft);

    /// <summary>
    /// Publishes draft <paramref name="version"/> if it validates: the previously published version is
    /// retired in the same step. Returns the changed versions, or the errors and no change.
    /// </summary>
    public static PublishResult Publish(
        IReadOnlyList<FlowDefinitionVersion> versions, int version, Func<FlowDefinition, IReadOnlyList<FlowValidationError>> validate)
    {
        var draft = versions.SingleOrDefault(v => v.Version == version);
        if (draft is null)
        {
            return PublishResult.Rejected(new FlowValidationError("version", $"Version {version} does not exist."));
        }

        if (draft.Status != FlowVersionStatus.Draft)
        {
            return PublishResult.Rejected(new FlowValidationError("version", $"Version {version} is {draft.Status}, not a draft."));
        }

        var errors = validate(draft.Definition);
        if (errors.Count > 0)
        {
            return new PublishResult([], errors);
        }

        var retired = versions
            .Where(v => v.Status == FlowVersionStatus.Published)
            .Select(v => v with { Status = FlowVersionStatus.Retired });
        return new PublishResult([draft with { Status = FlowVersionStatus.Published }, .. retired], []);
    }

    /// <summary>Retires a published version (Elsa's "retract"): new instances can no longer start on it.</summary>
    public static FlowDefinitionVersion Retire(FlowDefinitionVersion version) => version.Status == FlowVersionStatus.Published
        ? version with { Status = FlowVersionStatus.Retired }
        : throw new FlowConflictException($"Only a published version can be retired; version {version.Version} is {version.Status}.");
}

/// <summary>Outcome of <see cref="FlowVersioning.Publish"/>: the versions to store, or why nothing changed.</summary>
public sealed record PublishResult(IReadOnlyList<FlowDefinitionVersion> Changed, IReadOnlyList<FlowValidationError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    internal static PublishResult Rejected(FlowValidationError error) => new([], [error]);
}
