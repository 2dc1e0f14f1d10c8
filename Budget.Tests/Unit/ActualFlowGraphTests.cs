using Budget.Api.ActualSankey;
using Budget.Api.Budgets;
using Budget.Api.Sankey;
using static Budget.Api.ActualSankey.ActualFlowGraph;

namespace Budget.Tests.Unit;

public class ActualFlowGraphTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);
    private static readonly DateOnly March31 = new(2026, 3, 31);

    [Fact]
    public void A_whole_month_counts_a_monthly_amount_exactly_once_and_a_quarter_three_times()
    {
        Assert.Equal(123_457, Proration.Prorate(123_457, BudgetPeriod.Monthly, March1, March31));
        Assert.Equal(370_371, Proration.Prorate(123_457, BudgetPeriod.Monthly, new DateOnly(2026, 1, 1), March31));
        Assert.Equal(1_481_484, Proration.Prorate(123_457, BudgetPeriod.Monthly, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public void A_part_of_a_month_counts_its_share_of_that_month_rounded_once_to_the_cent()
    {
        // 15 of February's 28 days of 1,000.00 is 535.714… → 535.71; 15 of March's 31 days is 483.870… → 483.87.
        Assert.Equal(53_571, Proration.Prorate(100_000, BudgetPeriod.Monthly, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 15)));
        Assert.Equal(48_387, Proration.Prorate(100_000, BudgetPeriod.Monthly, March1, new DateOnly(2026, 3, 15)));
        // Both halves together are added as fractions first and rounded once: 15/28 + 15/31 = 1.01958… → 1,019.59.
        Assert.Equal(101_959, Proration.Prorate(100_000, BudgetPeriod.Monthly, new DateOnly(2026, 2, 14), new DateOnly(2026, 3, 15)));
    }

    [Fact]
    public void A_weekly_budget_over_a_month_counts_its_days_over_seven()
    {
        // 31 days of 100.00 a week: 442.857… → 442.86; a whole week of 0.01 is exactly 0.01; 4 days of it 0.0057… → 0.01.
        Assert.Equal(44_286, Proration.Prorate(10_000, BudgetPeriod.Weekly, March1, March31));
        Assert.Equal(1, Proration.Prorate(1, BudgetPeriod.Weekly, March1, new DateOnly(2026, 3, 7)));
        Assert.Equal(1, Proration.Prorate(1, BudgetPeriod.Weekly, March1, new DateOnly(2026, 3, 4)));
        Assert.Equal(0, Proration.Prorate(1, BudgetPeriod.Weekly, March1, new DateOnly(2026, 3, 3)));
    }

    [Fact]
    public void Half_a_cent_rounds_away_from_zero()
    {
        // 0.01 a month over 15 of April's 30 days is 0.005 → 0.01; 0.03 over it is 0.015 → 0.02.
        Assert.Equal(1, Proration.Prorate(1, BudgetPeriod.Monthly, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 15)));
        Assert.Equal(2, Proration.Prorate(3, BudgetPeriod.Monthly, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 15)));
    }

    [Fact]
    public void A_yearly_budget_counts_its_share_of_each_calendar_year()
    {
        Assert.Equal(120_000, Proration.Prorate(120_000, BudgetPeriod.Yearly, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
        // March 2026 is 31 of 365 days: 1,200.00 × 31 ÷ 365 = 101.917… → 101.92.
        Assert.Equal(10_192, Proration.Prorate(120_000, BudgetPeriod.Yearly, March1, March31));
        // A leap year's day is a 366th.
        Assert.Equal(328, Proration.Prorate(120_000, BudgetPeriod.Yearly, new DateOnly(2028, 2, 29), new DateOnly(2028, 2, 29)));
    }

    [Fact]
    public void Income_flows_through_the_budgets_to_what_is_left_for_savings_with_the_plan_beside_each_flow()
    {
        var graph = Build(
            [new IncomeSource(7, "Salary", 400_000), new IncomeSource(8, "Side job", 50_000)],
            [
                new BudgetFigures(1, "Food", BudgetPeriod.Monthly, 60_000, 71_234),
                new BudgetFigures(2, "Fuel", BudgetPeriod.Weekly, 5_000, 12_000),
                new BudgetFigures(3, "Gifts", BudgetPeriod.Yearly, 120_000, 0),
            ],
            March1, March31);

        Assert.Equal(450_000, graph.Income);
        Assert.Equal(83_234, graph.Spent);
        Assert.Equal(366_766, graph.LeftOver);
        Assert.Equal(0, graph.Deficit);
        // Planned: 600.00 + 50.00 × 31 ÷ 7 (221.43) + 1,200.00 × 31 ÷ 365 (101.92).
        Assert.Equal(60_000 + 22_143 + 10_192, graph.PlannedSpending);
        Assert.Equal(450_000 - graph.PlannedSpending, graph.PlannedLeftOver);

        var income = Node(graph, IncomeLabel);
        Assert.Equal(NodeType.Income, income.Type);
        var food = Link(graph, income.Id, "Food");
        Assert.Equal((71_234, 60_000, 1L), (food.Actual, food.Planned, food.BudgetId));
        var gifts = Link(graph, income.Id, "Gifts");
        Assert.Equal((0, 10_192), (gifts.Actual, gifts.Planned));
        var salary = graph.Links.Single(l => l.Target == income.Id && l.Source == Node(graph, "Salary").Id);
        Assert.Equal((400_000, 400_000), (salary.Actual, salary.Planned));
        var left = Link(graph, income.Id, LeftOverLabel);
        Assert.Equal((366_766, graph.PlannedLeftOver), (left.Actual, left.Planned));
        Assert.Equal(NodeType.Savings, Node(graph, LeftOverLabel).Type);
        Assert.DoesNotContain(graph.Nodes, n => n.Label == DeficitLabel);
        Reconciles(graph);
    }

    [Fact]
    public void Spending_beyond_income_shows_as_an_overspent_node_and_leaves_nothing_for_savings()
    {
        var graph = Build(
            [new IncomeSource(7, "Salary", 100_000)],
            [new BudgetFigures(1, "Rent", BudgetPeriod.Monthly, 90_000, 90_000), new BudgetFigures(2, "Car repair", BudgetPeriod.Monthly, 5_000, 30_001)],
            March1, March31);

        Assert.Equal(20_001, graph.Deficit);
        Assert.Equal(0, graph.LeftOver);
        var overspent = Node(graph, DeficitLabel);
        Assert.Equal(NodeType.Debt, overspent.Type);
        var deficitLink = graph.Links.Single(l => l.Source == overspent.Id);
        Assert.Equal((20_001, 0), (deficitLink.Actual, deficitLink.Planned));
        // The plan left 50.00 over, which the left-over band still shows as planned, beside nothing actual.
        var left = Link(graph, Node(graph, IncomeLabel).Id, LeftOverLabel);
        Assert.Equal((0, 5_000), (left.Actual, left.Planned));
        Reconciles(graph);
    }

    [Fact]
    public void Refunds_beyond_a_budgets_spending_come_in_as_refunds_rather_than_a_band_running_backwards()
    {
        var graph = Build(
            [new IncomeSource(7, "Salary", 100_000)],
            [new BudgetFigures(1, "Shoes", BudgetPeriod.Monthly, 10_000, -4_500), new BudgetFigures(2, "Food", BudgetPeriod.Monthly, 50_000, 40_000)],
            March1, March31);

        Assert.Equal(4_500, graph.Refunds);
        Assert.Equal(40_000, graph.Spent);
        Assert.Equal(64_500, graph.LeftOver);
        Assert.Equal(0, Link(graph, Node(graph, IncomeLabel).Id, "Shoes").Actual);
        var refunds = graph.Links.Single(l => l.Source == Node(graph, RefundsLabel).Id);
        Assert.Equal((4_500, 0), (refunds.Actual, refunds.Planned));
        Reconciles(graph);
    }

    [Fact]
    public void A_plan_that_budgets_more_than_its_income_shows_the_planned_deficit()
    {
        var graph = Build([new IncomeSource(7, "Salary", 100_000)], [new BudgetFigures(1, "Rent", BudgetPeriod.Monthly, 120_000, 10_000)], March1, March31);

        Assert.Equal(20_000, graph.PlannedDeficit);
        Assert.Equal(0, graph.Deficit);
        var deficitLink = graph.Links.Single(l => l.Source == Node(graph, DeficitLabel).Id);
        Assert.Equal((0, 20_000), (deficitLink.Actual, deficitLink.Planned));
        Reconciles(graph);
    }

    [Fact]
    public void Income_nothing_planned_for_is_left_out_and_an_empty_profile_draws_nothing()
    {
        var graph = Build([new IncomeSource(7, "Old job", 0)], [], March1, March31);

        Assert.Empty(graph.Links);
        Assert.Equal(0, graph.Income);
        Assert.DoesNotContain(graph.Nodes, n => n.Label == "Old job");
    }

    [Fact]
    public void Every_node_is_as_big_as_what_passes_through_it_in_each_column()
    {
        var graph = Build([new IncomeSource(7, "Salary", 100_000)], [new BudgetFigures(1, "Food", BudgetPeriod.Monthly, 30_000, 45_000)], March1, March31);

        var income = Node(graph, IncomeLabel);
        Assert.Equal((100_000, 100_000), (income.Actual, income.Planned));
        var food = Node(graph, "Food");
        Assert.Equal((45_000, 30_000), (food.Actual, food.Planned));
        Assert.Equal(graph.Nodes.Count, graph.Nodes.Select(n => n.Id).Distinct().Count());
        Assert.All(graph.Links, l => Assert.Contains(graph.Nodes, n => n.Id == l.Source));
        Assert.All(graph.Links, l => Assert.Contains(graph.Nodes, n => n.Id == l.Target));
    }

    /// <summary>income + refunds + deficit = Σ spent + left over, to the cent, in both columns, and the same as the bands.</summary>
    private static void Reconciles(Graph graph)
    {
        Assert.Equal(graph.Income + graph.Refunds + graph.Deficit, graph.Spent + graph.LeftOver);
        Assert.Equal(graph.PlannedIncome + graph.PlannedDeficit, graph.PlannedSpending + graph.PlannedLeftOver);
        var pool = Node(graph, IncomeLabel).Id;
        Assert.Equal(graph.Links.Where(l => l.Target == pool).Sum(l => l.Actual), graph.Links.Where(l => l.Source == pool).Sum(l => l.Actual));
        Assert.Equal(graph.Links.Where(l => l.Target == pool).Sum(l => l.Planned), graph.Links.Where(l => l.Source == pool).Sum(l => l.Planned));
        Assert.Equal(graph.Spent, graph.Links.Where(l => l.BudgetId is not null).Sum(l => l.Actual));
    }

    private static GraphNode Node(Graph graph, string label) => graph.Nodes.Single(n => n.Label == label);

    private static GraphLink Link(Graph graph, long from, string to) => graph.Links.Single(l => l.Source == from && l.Target == Node(graph, to).Id);
}
