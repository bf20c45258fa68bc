using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Generation;

/// <summary>An approved plugin that answers a wish already.</summary>
/// <param name="Version">Its active version.</param>
/// <param name="Available">Whether the user already gets it (their own, or shared with them).</param>
/// <param name="How">How it matched: "the same wish" or "a similar wish".</param>
/// <param name="Similarity">1 for the same wish; the cosine similarity of the embeddings otherwise.</param>
internal sealed record ReuseMatch(PluginVersionInfo Version, bool Available, string How, double Similarity);
