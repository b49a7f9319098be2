using Finance.Workflows.Validation;
using Finance.Workflows.Versioning;

namespace Finance.Tests.Workflows;

public class FlowVersioningTests
{
    private static readonly Func<Finance.Workflows.Model.FlowDefinition, IReadOnlyList<FlowValidationError>> Valid =
        d => FlowValidator.Validate(d, FlowTestKit.Activities, new HashSet<string> { "debt.collection", "ledger.post" });

    private static FlowDefinitionVersion V(int version, FlowVersionStatus status) =>
        new(FlowTestKit.Dunning() with { Version = version }, status);

    [Fact]
    public void Publish_ValidDraft_PublishesItAndRetiresPrevious()
    {
        var result = FlowVersioning.Publish([V(1, FlowVersionStatus.Published), V(2, FlowVersionStatus.Draft)], 2, Valid);

        Assert.True(result.Succeeded);
        Assert.Equal([(2, FlowVersionStatus.Published), (1, FlowVersionStatus.Retired)], result.Changed.Select(v => (v.Version, v.Status)));
    }

    [Fact]
    public void Publish_InvalidDraft_ReturnsErrorsAndChangesNothing()
    {
        var result = FlowVersioning.Publish([V(1, FlowVersionStatus.Draft)], 1, _ => [new FlowValidationError("steps[0]", "bad")]);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Changed);
    }

    [Fact]
    public void Publish_AlreadyPublished_IsRejected() =>
        Assert.False(FlowVersioning.Publish([V(1, FlowVersionStatus.Published)], 1, Valid).Succeeded);

    [Fact]
    public void ForNewInstances_PicksPublishedNotNewerDraft() =>
        Assert.Equal(2, FlowVersioning.ForNewInstances(
            [V(1, FlowVersionStatus.Retired), V(2, FlowVersionStatus.Published), V(3, FlowVersionStatus.Draft)])!.Version);

    [Fact]
    public void ForNewInstances_NothingPublished_ReturnsNull() =>
        Assert.Null(FlowVersioning.ForNewInstances([V(1, FlowVersionStatus.Draft), V(2, FlowVersionStatus.Retired)]));

    [Fact]
    public void NewDraft_RevertToOldVersion_GetsNextNumber()
    {
        var draft = FlowVersioning.NewDraft([V(1, FlowVersionStatus.Retired), V(2, FlowVersionStatus.Published)], V(1, FlowVersionStatus.Retired).Definition);

        Assert.Equal((3, FlowVersionStatus.Draft), (draft.Version, draft.Status));
    }

    [Fact]
    public void Retire_Draft_Throws() =>
        Assert.Throws<Finance.Workflows.Engines.FlowConflictException>(() => FlowVersioning.Retire(V(1, FlowVersionStatus.Draft)));
}
