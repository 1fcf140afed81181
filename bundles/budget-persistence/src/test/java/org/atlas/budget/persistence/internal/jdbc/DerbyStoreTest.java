package org.atlas.budget.persistence.internal.jdbc;

import java.io.File;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/** The store contract on embedded Derby, each test in a database folder of its own. */
public class DerbyStoreTest extends StoreContract {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private File last;

    static {
        System.setProperty("derby.stream.error.file", "target/derby-test.log");
        // As the budget-derby bundle sets them in Karaf.
        System.setProperty("derby.storage.logBufferSize", "1048576");
        System.setProperty("derby.storage.fileSyncTransactionLog", "true");
    }

    @Override
    protected ConnectionPool emptyDatabase() throws Exception {
        last = new File(folder.getRoot(), "db" + System.nanoTime());
        return new ConnectionPool(new EmbeddedDriver(), "jdbc:derby:" + last.getAbsolutePath() + ";create=true", null,
                null, 4);
    }

    @Override
    protected ConnectionPool reopen() {
        return new ConnectionPool(new EmbeddedDriver(), "jdbc:derby:" + last.getAbsolutePath(), null, null, 4);
    }

    @Override
    protected ConnectionPool unreachableDatabase() {
        return new ConnectionPool(new EmbeddedDriver(), "jdbc:derby:" + new File(folder.getRoot(), "absent")
                .getAbsolutePath(), null, null, 4);
    }

    @Override
    protected String backend() {
        return "derby";
    }
}
