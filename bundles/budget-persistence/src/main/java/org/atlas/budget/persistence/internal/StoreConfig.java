package org.atlas.budget.persistence.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The store's configuration, PID {@code org.atlas.budget.store}. */
@ObjectClassDefinition(name = "Atlas Budget Store", description = "Where Atlas Budget keeps usage, policies, holds,"
        + " alerts and the audit log")
public @interface StoreConfig {

    String DEFAULT_DERBY_FOLDER = "${karaf.data}/atlas-budget/db";

    @AttributeDefinition(description = "The database: embedded Derby (nothing to install) or PostgreSQL (install the"
            + " feature atlas-budget-postgresql)", options = {@Option(label = "Embedded Apache Derby", value = "derby"),
                @Option(label = "PostgreSQL", value = "postgresql")})
    String backend() default "derby";

    @AttributeDefinition(description = "Derby only: the database folder. bin/karaf clean deletes ${karaf.data}; put"
            + " the folder elsewhere to keep it across a clean")
    String derbyFolder() default DEFAULT_DERBY_FOLDER;

    @AttributeDefinition(description = "PostgreSQL only: the JDBC URL, e.g. jdbc:postgresql://db:5432/budget")
    String jdbcUrl() default "";

    @AttributeDefinition(description = "A javax.sql.DataSource service to use instead of connecting by itself, as an"
            + " OSGi filter, e.g. (dataSourceName=budget) for one made with jdbc:ds-create. backend still says which"
            + " database it is. Empty: the store connects by itself (derbyFolder or jdbcUrl)", required = false)
    String dataSource() default "";

    @AttributeDefinition(description = "PostgreSQL only: the user", required = false)
    String user() default "";

    @AttributeDefinition(description = "PostgreSQL only: the password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(description = "The most usage records one group commit writes (1 to 100000)")
    int batchSize() default 2000;

    @AttributeDefinition(description = "Microseconds the writer waits for more records once it has some (0 to"
            + " 1000000); 0 commits whatever is queued at once, which already batches under load")
    long lingerMicros() default 0;

    @AttributeDefinition(description = "Days raw usage records are kept; older ones are pruned in the background"
            + " (rollups and ledger totals stay). 0 keeps them forever")
    int retentionDays() default 400;

    @AttributeDefinition(description = "Minutes between retention runs (1 to 10080)")
    int retentionIntervalMinutes() default 60;

    @AttributeDefinition(description = "Idle database connections kept for readers (1 to 64)")
    int maxConnections() default 8;

    @AttributeDefinition(description = "Seconds between attempts to open an unreachable database (1 to 3600)")
    int retrySeconds() default 10;
}
