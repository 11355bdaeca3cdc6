package dev.seatbooking.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One bean per script file, each with {@code redis/lib/holds.lua} in front of its text so that all
 * scripts share one purge of lapsed holds. Spring runs them with EVALSHA and falls back to EVAL
 * (which loads the script) when Redis answers NOSCRIPT, as it does after a restart or SCRIPT FLUSH.
 */
@Configuration(proxyBeanMethods = false)
class InventoryScripts {

    @Bean
    @SuppressWarnings("rawtypes")
    RedisScript<List> claimSeatsScript() {
        return script("claim_seats.lua");
    }

    @Bean
    @SuppressWarnings("rawtypes")
    RedisScript<List> confirmSeatsScript() {
        return script("confirm_seats.lua");
    }

    @Bean
    @SuppressWarnings("rawtypes")
    RedisScript<List> releaseClaimScript() {
        return script("release_claim.lua");
    }

    @Bean
    @SuppressWarnings("rawtypes")
    RedisScript<List> releaseSaleScript() {
        return script("release_sale.lua");
    }

    @Bean
    @SuppressWarnings("rawtypes")
    RedisScript<List> readInventoryScript() {
        return script("read_inventory.lua");
    }

    @Bean
    @SuppressWarnings("rawtypes")
    RedisScript<List> reconcileFlightScript() {
        return script("reconcile_flight.lua");
    }

    @Bean
    @SuppressWarnings("rawtypes")
    RedisScript<List> loadFlightScript() {
        return script("load_flight.lua");
    }

    /** A script with the shared library in front of it, read once. */
    static <T> RedisScript<T> withLibrary(String file, Class<T> answer) {
        return RedisScript.of(read("redis/lib/holds.lua") + "\n" + read("redis/" + file), answer);
    }

    @SuppressWarnings("rawtypes")
    private static RedisScript<List> script(String file) {
        return withLibrary(file, List.class);
    }

    private static String read(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
