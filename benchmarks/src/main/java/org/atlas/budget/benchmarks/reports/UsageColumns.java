package org.atlas.budget.benchmarks.reports;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Ten million usage records as primitive columns: the least a full scan can cost, so the naive
 * baseline is as fast as a scan of these records can be.
 *
 * <p>The distribution: 30 days from {@link #START}, weekdays busier than weekends (weight 5 to 2)
 * and working hours busier than nights; 20 models of 4 providers; 500 users, each in one of 50
 * projects (10 teams) and using 2 or 3 favourite models. Costs are exact nano-dollars from
 * integer per-token rates, so every sum is exact.
 */
final class UsageColumns {

    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    static final int DAYS = 30;
    static final int MODELS = 20;
    static final int USERS = 500;
    static final int PROJECTS = 50;
    static final int TEAMS = 10;
    static final String[] PROVIDERS = {"openai", "anthropic", "google", "mistral"};

    final int size;
    /** Seconds since {@link #START}. */
    final int[] second;
    final byte[] model;
    final short[] user;
    final long[] costNanos;
    final int[] inputTokens;
    final int[] cacheReadTokens;
    final int[] outputTokens;

    /** Nano-dollars per input and output token of each model. */
    static final long[] INPUT_RATE = new long[MODELS];
    static final long[] OUTPUT_RATE = new long[MODELS];

    static {
        for (int m = 0; m < MODELS; m++) {
            INPUT_RATE[m] = 100L + 150L * m;      // $0.10 to $2.95 per 1M
            OUTPUT_RATE[m] = 4 * INPUT_RATE[m];
        }
    }

    static String provider(int model) {
        return PROVIDERS[model % PROVIDERS.length];
    }

    static String modelName(int model) {
        return provider(model) + "-model-" + model;
    }

    static String userName(int user) {
        return "user-" + user;
    }

    static int project(int user) {
        return user % PROJECTS;
    }

    static int team(int user) {
        return project(user) % TEAMS;
    }

    static String projectName(int project) {
        return "project-" + project;
    }

    static String teamName(int team) {
        return "team-" + team;
    }

    UsageColumns(int size, long seed) {
        this.size = size;
        second = new int[size];
        model = new byte[size];
        user = new short[size];
        costNanos = new long[size];
        inputTokens = new int[size];
        cacheReadTokens = new int[size];
        outputTokens = new int[size];
        SplittableRandom random = new SplittableRandom(seed);
        int[][] favourites = new int[USERS][];
        for (int u = 0; u < USERS; u++) {
            favourites[u] = new int[2 + random.nextInt(2)];
            for (int f = 0; f < favourites[u].length; f++) {
                favourites[u][f] = random.nextInt(MODELS);
            }
        }
        for (int i = 0; i < size; i++) {
            int day = weightedDay(random);
            int hour = weightedHour(random);
            second[i] = day * 86_400 + hour * 3600 + random.nextInt(3600);
            int u = random.nextInt(USERS);
            int m = favourites[u][random.nextInt(favourites[u].length)];
            int in = 200 + random.nextInt(4000);
            int cached = random.nextInt(4) == 0 ? in / 2 : 0;
            int out = 50 + random.nextInt(800);
            user[i] = (short) u;
            model[i] = (byte) m;
            inputTokens[i] = in;
            cacheReadTokens[i] = cached;
            outputTokens[i] = out;
            costNanos[i] = in * INPUT_RATE[m] + out * OUTPUT_RATE[m];
        }
    }

    /** Weekdays weigh 5, weekend days 2 (Oct 1 2026 is a Thursday). */
    private static int weightedDay(SplittableRandom random) {
        while (true) {
            int day = random.nextInt(DAYS);
            int dayOfWeek = (day + 3) % 7; // 0 = Monday
            if (dayOfWeek < 5 || random.nextInt(5) < 2) {
                return day;
            }
        }
    }

    /** Hours 8 to 19 UTC weigh 4, the others 1. */
    private static int weightedHour(SplittableRandom random) {
        while (true) {
            int hour = random.nextInt(24);
            if ((hour >= 8 && hour < 20) || random.nextInt(4) == 0) {
                return hour;
            }
        }
    }
}
