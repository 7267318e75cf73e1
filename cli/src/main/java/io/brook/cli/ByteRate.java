package io.brook.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A bytes-per-second value as written on the command line: a number with an optional unit, binary
 * (1024-based) whether written K, KB or KiB (likewise M, G): {@code 500K}, {@code 10MB}, {@code 1GiB};
 * a bare number is bytes per second; 0 means unthrottled.
 */
final class ByteRate implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.endsWith("/S")) {
            v = v.substring(0, v.length() - 2);
        }
        int shift = 0;
        for (String[] unit : new String[][] {{"KIB", "10"}, {"MIB", "20"}, {"GIB", "30"}, {"KB", "10"}, {"MB", "20"}, {"GB", "30"},
                {"K", "10"}, {"M", "20"}, {"G", "30"}, {"B", "0"}}) {
            if (v.endsWith(unit[0])) {
                v = v.substring(0, v.length() - unit[0].length()).trim();
                shift = Integer.parseInt(unit[1]);
                break;
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new TypeConversionException("'" + value + "' is out of range");
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a byte rate such as 500K, 10MB or 1GiB");
        }
    }
}
