using Budget.Api.Sankey;

namespace Budget.Tests.Unit;

public sealed class FlowGraphTests
{
    private static bool Closes(long from, long to, params (long From, long To)[] edges) =>
        FlowGraph.WouldCloseCycle(edges, from, to);

    [Fact]
    public void A_flow_from_a_node_to_itself_is_a_loop() => Assert.True(Closes(1, 1));

    [Fact]
    public void The_first_flow_of_an_empty_map_is_no_loop() => Assert.False(Closes(1, 2));

    [Fact]
    public void Turning_a_flow_around_is_a_loop() => Assert.True(Closes(2, 1, (1, 2)));

    [Fact]
    public void Closing_a_chain_back_to_its_start_is_a_loop() => Assert.True(Closes(3, 1, (1, 2), (2, 3)));

    [Fact]
    public void Closing_a_chain_into_its_middle_is_a_loop() => Assert.True(Closes(4, 2, (1, 2), (2, 3), (3, 4)));

    [Fact]
    public void A_shortcut_along_the_chain_is_no_loop() => Assert.False(Closes(1, 3, (1, 2), (2, 3)));

    [Fact]
    public void A_second_flow_beside_an_existing_one_is_no_loop() => Assert.False(Closes(1, 2, (1, 2)));

    [Fact]
    public void Branches_that_merge_again_are_no_loop() =>
        // Salary splits into checking and savings, both feed the same goal; a new flow from salary to the goal is fine.
        Assert.False(Closes(1, 4, (1, 2), (1, 3), (2, 4), (3, 4)));

    [Fact]
    public void A_loop_through_one_branch_of_a_diamond_is_found() =>
        Assert.True(Closes(4, 1, (1, 2), (1, 3), (2, 4), (3, 4)));

    [Fact]
    public void Flows_between_other_nodes_do_not_matter() =>
        Assert.False(Closes(1, 2, (3, 4), (4, 5), (5, 3)));

    [Fact]
    public void A_loop_already_downstream_does_not_hang_the_search() =>
        // 2 → 3 → 4 → 2 is already a loop (only possible in corrupt data); the search must still end and say no.
        Assert.False(Closes(1, 2, (2, 3), (3, 4), (4, 2)));

    [Fact]
    public void A_loop_reached_only_through_a_long_detour_is_found()
    {
        var edges = new List<(long From, long To)>();
        for (long i = 1; i < 10_000; i++)
        {
            edges.Add((i, i + 1));
            edges.Add((i, 20_000 + i)); // dead ends on every step
        }

        Assert.True(FlowGraph.WouldCloseCycle(edges, 10_000, 1));
        Assert.False(FlowGraph.WouldCloseCycle(edges, 1, 10_000));
        Assert.False(FlowGraph.WouldCloseCycle(edges, 10_000, 30_000));
    }

    [Fact]
    public void The_edges_are_read_only_once() =>
        // A lazily built sequence (as a LINQ projection over the stored flows is) must give the same answer.
        Assert.True(FlowGraph.WouldCloseCycle(OneShot([(1, 2), (2, 3)]), 3, 1));

    private static IEnumerable<(long From, long To)> OneShot((long From, long To)[] edges)
    {
        var used = false;
        return Enumerate();

        IEnumerable<(long, long)> Enumerate()
        {
            Assert.False(used, "The edges were enumerated twice.");
            used = true;
            foreach (var edge in edges)
            {
                yield return edge;
            }
        }
    }
}
