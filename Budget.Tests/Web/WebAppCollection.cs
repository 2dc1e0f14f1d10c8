namespace Budget.Tests.Web;

/// <summary>One built app, API and Chromium shared by every browser test class (building the app twice costs minutes on our machines).</summary>
[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppServer>
{
    public const string Name = "web app";
}
