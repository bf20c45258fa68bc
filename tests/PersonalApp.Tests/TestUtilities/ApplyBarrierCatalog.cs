using PersonalApp.Catalog;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// A catalog that holds every <see cref="IPluginCatalog.Apply"/> at a barrier: callers that read the catalog and then
/// write all read before any writes, as two admins on two nodes clicking at the same moment would.
/// </summary>
internal sealed class ApplyBarrierCatalog(IPluginCatalog inner, Barrier barrier) : DelegatingCatalog(inner)
{
    public override void Apply(CatalogChange change)
    {
        barrier.SignalAndWait(TimeSpan.FromSeconds(30));
        Inner.Apply(change);
    }
}
